import type { Path } from "../../model/location.js";
import type { KubeObject } from "../../model/kube.js";
import type { SnapshotIndex } from "../../engine/snapshot-index.js";
import type { Workload } from "../../engine/workloads.js";
import { asArray, asRecord, stringMap } from "../../util/raw.js";
import { WI } from "../../wi.js";
import type { Requirement } from "./label-selector.js";

/** One webhook of a MutatingWebhookConfiguration that is the workload identity webhook. */
export interface WebhookEntry {
  config: KubeObject;
  /** Index of the webhook in `webhooks`. */
  index: number;
  webhook: Record<string, unknown>;
  path: Path;
}

/**
 * The workload identity webhooks among the MutatingWebhookConfigurations: the webhook named
 * `mutation.azure-workload-identity.io`, or the only webhook of the configuration named
 * `azure-wi-webhook-mutating-webhook-configuration`.
 */
export function workloadIdentityWebhooks(index: SnapshotIndex): WebhookEntry[] {
  const out: WebhookEntry[] = [];
  for (const config of index.byKind("MutatingWebhookConfiguration")) {
    const hooks = asArray(config.raw["webhooks"]).map(asRecord);
    hooks.forEach((webhook, i) => {
      const named = webhook["name"] === WI.mutatingWebhookName;
      const sole = config.name === WI.mutatingWebhookConfiguration && hooks.length === 1;
      if (named || sole) out.push({ config, index: i, webhook, path: ["webhooks", i] });
    });
  }
  return out;
}

const ENFORCER_OPT_OUT = "admissions.enforcer/disabled";

/** Whether the configuration opts out of the AKS admissions enforcer (label `"true"`, or annotation `true`). */
export function enforcerDisabled(config: KubeObject): boolean {
  const meta = asRecord(config.raw["metadata"]);
  return [asRecord(meta["labels"])[ENFORCER_OPT_OUT], asRecord(meta["annotations"])[ENFORCER_OPT_OUT]].some((v) => String(v ?? "").trim().toLowerCase() === "true");
}

/**
 * What the AKS admissions enforcer adds to the namespaceSelector of every admission webhook that
 * does not opt out: namespaces of the control plane and of AKS itself are skipped.
 */
export const ENFORCER_REQUIREMENTS: readonly Requirement[] = [
  { key: "control-plane", operator: "NotIn", values: ["true"] },
  { key: "kubernetes.azure.com/managedby", operator: "NotIn", values: ["aks"] },
];

export function isEnforcerRequirement(r: Requirement): boolean {
  return ENFORCER_REQUIREMENTS.some((e) => e.key === r.key && r.operator === "NotIn" && e.values.every((v) => r.values.includes(v)));
}

/** The labels AKS gives `kube-system`, which every AKS cluster has. */
const AKS_KUBE_SYSTEM_LABELS: Readonly<Record<string, string>> = {
  "control-plane": "true",
  "kubernetes.azure.com/managedby": "aks",
  "kubernetes.io/cluster-service": "true",
};

export interface NamespaceLabels {
  labels: Record<string, string>;
  /** The Namespace object these labels were read from, when it is among the objects. */
  namespace: KubeObject | undefined;
  /** False when only the name is known: the Namespace is not among the objects (and is not kube-system). */
  known: boolean;
}

/**
 * A namespace's labels, with `kubernetes.io/metadata.name`, which the API server sets on every
 * namespace. `kube-system` without its object gets the labels AKS gives it.
 */
export function namespaceLabels(index: SnapshotIndex, name: string): NamespaceLabels {
  const namespace = index.byKind("Namespace").find((n) => n.name === name);
  const base = { "kubernetes.io/metadata.name": name };
  if (namespace) return { labels: { ...stringMap(asRecord(namespace.raw["metadata"])["labels"]), ...base }, namespace, known: true };
  if (name === "kube-system") return { labels: { ...AKS_KUBE_SYSTEM_LABELS, ...base }, namespace: undefined, known: true };
  return { labels: base, namespace: undefined, known: false };
}

/**
 * Whether the webhook added its variables or token to a pod: a container has
 * `AZURE_FEDERATED_TOKEN_FILE`, or the pod has the token volume (v1.6+ or earlier layout).
 */
export function isMutated(w: Workload): boolean {
  const volumes = asArray(w.podSpec["volumes"]).map((v) => String(asRecord(v)["name"] ?? ""));
  if (volumes.some((n) => n === "azure-identity-token" || n.startsWith("azure-workload-identity-reserved-"))) return true;
  return w.containers.some((c) => asArray(c.raw["env"]).some((e) => asRecord(e)["name"] === WI.env.tokenFile));
}
