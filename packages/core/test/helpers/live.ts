import { parseAllDocuments } from "yaml";
import { assembleSnapshot, parseAzurePart, type Coverage, type DataKey, type KubeEvent, type KubeObject, type LogExcerpt, type Snapshot, type SnapshotPart } from "@wid/core";
import type { LiveGap } from "../../src/model/snapshot.js";
import { liveObject } from "../../src/sources/live-cluster/reduce.js";

/** What the live source reads, by default: every key a cluster read can make available. */
const LIVE_KEYS: readonly DataKey[] = ["kube", "cluster", "cluster.webhooks", "cluster.namespaces", "runtime.events", "runtime.logs"];

export interface LiveFixture {
  /** Objects as the API server returns them: YAML documents (several per string) or plain objects. */
  objects: (string | Record<string, unknown>)[];
  /** Azure CLI exports by file name: JSON text or a value to stringify. */
  azure?: Record<string, unknown>;
  events?: Partial<KubeEvent>[];
  logs?: LogExcerpt[];
  /** Data keys the read could not load (each with a forbidden gap). */
  without?: DataKey[];
  unread?: LiveGap[];
  /** Namespaces read; every namespace when omitted. */
  namespaces?: string[];
  now?: number;
}

let uids = 0;

/** Objects as the live source keeps them: reduced, with a uid and resourceVersion, no file position. */
export function liveObjects(objects: LiveFixture["objects"]): KubeObject[] {
  const raw = objects.flatMap((o) => (typeof o === "string" ? parseAllDocuments(o).map((d) => d.toJS() as Record<string, unknown>) : [o]));
  return raw.flatMap((o) => {
    if (!o) return [];
    const meta = (o["metadata"] ??= {}) as Record<string, unknown>;
    meta["uid"] ??= `00000000-0000-4000-8000-${String(++uids).padStart(12, "0")}`;
    meta["resourceVersion"] ??= "1000";
    const live = liveObject(String(o["apiVersion"]), String(o["kind"]), o);
    return live ? [live] : [];
  });
}

export function event(e: Partial<KubeEvent> & { involvedObject: KubeEvent["involvedObject"] }): KubeEvent {
  return { namespace: e.involvedObject.namespace, reason: "FailedCreate", message: "", type: "Warning", count: 1, lastTimestamp: "2026-03-01T11:58:00Z", ...e };
}

/** A snapshot as a live cluster read makes it (plus Azure exports when given). */
export function liveSnapshot(f: LiveFixture): Snapshot {
  const objects = liveObjects(f.objects);
  const without = new Set(f.without ?? []);
  const coverage: Coverage = {
    available: new Set(LIVE_KEYS.filter((k) => !without.has(k))),
    gaps: new Map([...without].map((k) => [k, { code: "forbidden", resource: k }] as const)),
    problems: [],
    live: { allNamespaces: f.namespaces === undefined, namespaces: f.namespaces ?? [...new Set(objects.flatMap((o) => (o.namespace ? [o.namespace] : [])))], unread: f.unread ?? [] },
  };
  const parts: SnapshotPart[] = [];
  for (const [file, v] of Object.entries(f.azure ?? {})) parts.push(parseAzurePart(file, typeof v === "string" ? v : JSON.stringify(v, null, 2)));
  const events = (f.events ?? []).map((e) => event(e as KubeEvent));
  return assembleSnapshot({ parts, live: { objects, coverage, runtime: { events, logs: f.logs ?? [], issuers: [] } }, ...(f.now !== undefined ? { now: f.now } : {}) });
}

/** A Deployment and its running pods as the API server holds them, the pods as the webhook left them (or not). */
export interface PodSpecOpts {
  ns: string;
  name: string;
  sa?: string;
  labels?: Record<string, string>;
  /** The pod template's annotations. */
  annotations?: Record<string, string>;
  /** Env of the template's container. */
  env?: { name: string; value: string }[];
  replicas?: number;
}

const HASH = "7d9f8c6b5";

export function deploymentYaml(o: PodSpecOpts): Record<string, unknown> {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: o.name, namespace: o.ns, uid: `uid-deploy-${o.ns}-${o.name}`, resourceVersion: "4242", generation: 3 },
    spec: {
      replicas: o.replicas ?? 1,
      selector: { matchLabels: { app: o.name } },
      template: {
        metadata: { labels: { app: o.name, ...(o.labels ?? {}) }, ...(o.annotations ? { annotations: o.annotations } : {}) },
        spec: { serviceAccountName: o.sa ?? o.name, containers: [{ name: "app", image: "contoso.azurecr.io/app:1.0", ...(o.env ? { env: o.env } : {}) }] },
      },
    },
    status: { replicas: o.replicas ?? 1, availableReplicas: o.replicas ?? 1 },
  };
}

export interface MutationOpts {
  clientId?: string;
  tenantId?: string;
  /** Containers the webhook injected besides the template's (other webhooks' sidecars): not mutated. */
  sidecars?: string[];
  /** The webhook did not run: no env, no volume. */
  unmutated?: boolean;
  layout?: "v1.6" | "legacy";
}

/** A pod of the Deployment, mutated as the webhook does it unless `unmutated`. */
export function podYaml(o: PodSpecOpts, i: number, m: MutationOpts = {}): Record<string, unknown> {
  const legacy = m.layout === "legacy";
  const volume = legacy ? "azure-identity-token" : "azure-workload-identity-reserved-0123456789abcdef0123456789";
  const mount = legacy ? "/var/run/secrets/azure/tokens" : "/var/run/secrets/azure/wi";
  const file = legacy ? "azure-identity-token" : "token/azure-identity-token";
  const injected = [
    ...(m.clientId ? [{ name: "AZURE_CLIENT_ID", value: m.clientId }] : []),
    ...(m.tenantId ? [{ name: "AZURE_TENANT_ID", value: m.tenantId }] : []),
    { name: "AZURE_FEDERATED_TOKEN_FILE", value: `${mount}/${file}` },
    { name: "AZURE_AUTHORITY_HOST", value: "https://login.microsoftonline.com/" },
  ];
  const app: Record<string, unknown> = { name: "app", image: "contoso.azurecr.io/app:1.0" };
  const env = [...(o.env ?? []), ...(m.unmutated ? [] : injected.filter((e) => !(o.env ?? []).some((t) => t.name === e.name)))];
  if (env.length) app["env"] = env;
  if (!m.unmutated) app["volumeMounts"] = [{ name: volume, mountPath: mount, readOnly: true }];
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: `${o.name}-${HASH}-${"abcdef"[i] ?? "x"}${i}x2q`,
      namespace: o.ns,
      labels: { app: o.name, "pod-template-hash": HASH, ...(o.labels ?? {}) },
      ...(o.annotations ? { annotations: o.annotations } : {}),
      creationTimestamp: `2026-02-2${i}T08:00:00Z`,
      ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: `${o.name}-${HASH}`, uid: `uid-rs-${o.name}`, controller: true, blockOwnerDeletion: true }],
    },
    spec: {
      serviceAccountName: o.sa ?? o.name,
      containers: [...(m.sidecars ?? []).map((name) => ({ name, image: `docker.io/istio/proxyv2:1.22.0` })), app],
      ...(m.unmutated ? {} : { volumes: [{ name: volume, projected: { sources: [{ serviceAccountToken: { audience: "api://AzureADTokenExchange", expirationSeconds: 3600, path: file } }] } }] }),
    },
    status: { phase: "Running", containerStatuses: [{ name: "app", ready: true, restartCount: 0, state: { running: { startedAt: "2026-02-20T08:00:05Z" } } }] },
  };
}

export function serviceAccountYaml(ns: string, name: string, annotations: Record<string, string> = {}): Record<string, unknown> {
  return { apiVersion: "v1", kind: "ServiceAccount", metadata: { name, namespace: ns, annotations } };
}

export function namespaceYaml(name: string, labels: Record<string, string> = {}): Record<string, unknown> {
  return { apiVersion: "v1", kind: "Namespace", metadata: { name, labels: { "kubernetes.io/metadata.name": name, ...labels } } };
}

/** The MutatingWebhookConfiguration an installed webhook leaves (AKS add-on in kube-system, unless told otherwise). */
export function webhookConfigurationYaml(o: { namespace?: string; name?: string; failurePolicy?: string; reinvocationPolicy?: string; namespaceSelector?: unknown } = {}): Record<string, unknown> {
  return {
    apiVersion: "admissionregistration.k8s.io/v1",
    kind: "MutatingWebhookConfiguration",
    metadata: { name: o.name ?? "azure-wi-webhook-mutating-webhook-configuration", labels: { "azure-workload-identity.io/system": "true" } },
    webhooks: [
      {
        name: "mutation.azure-workload-identity.io",
        admissionReviewVersions: ["v1", "v1beta1"],
        clientConfig: { service: { name: "azure-wi-webhook-webhook-service", namespace: o.namespace ?? "kube-system", path: "/mutate-v1-pod", port: 443 } },
        failurePolicy: o.failurePolicy ?? "Fail",
        reinvocationPolicy: o.reinvocationPolicy ?? "IfNeeded",
        matchPolicy: "Equivalent",
        namespaceSelector: o.namespaceSelector ?? {},
        objectSelector: { matchLabels: { "azure.workload.identity/use": "true" } },
        rules: [{ apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE"], resources: ["pods"], scope: "*" }],
        sideEffects: "None",
        timeoutSeconds: 10,
      },
    ],
  };
}
