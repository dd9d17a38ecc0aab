import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiException, AppsV1Api, CoreV1Api, KubeConfig, KubernetesObjectApi, PatchStrategy, Watch, setHeaderOptions, type V1ServiceAccount } from "@kubernetes/client-node";
import { decodeJwt } from "jose";
import { startWorld, type World } from "../../src/world.js";
import { normalizeScenario } from "../../src/scenario/load.js";
import { deployment, namespace, serviceAccount } from "../../src/scenario/builders.js";
import type { JsonObject } from "../../src/scenario/types.js";

const CLIENT = "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e";

function scenario(over: { ready?: boolean; namespaceSelector?: JsonObject; mode?: "aks-addon" | "helm" } = {}) {
  const objects: JsonObject[] = [namespace("apps", { wi: "enabled" }), namespace("other")];
  for (let i = 0; i < 12; i++) objects.push(deployment("apps", `svc-${String(i).padStart(2, "0")}`, { labels: { tier: i % 2 ? "back" : "front" } }));
  objects.push(serviceAccount("apps", "payments", { "azure.workload.identity/client-id": CLIENT }));
  objects.push(serviceAccount("other", "payments", { "azure.workload.identity/client-id": CLIENT }));
  return normalizeScenario({
    name: "client-node",
    cluster: {
      objects,
      users: [{ name: "reader", rules: [{ namespaces: ["other"], verbs: ["get", "list"], resources: ["pods"] }] }],
      logs: [{ namespace: "apps", podPrefix: "svc-00-", lines: ["first", "second", "third"] }],
    },
    webhook: { ready: over.ready ?? true, mode: over.mode ?? "aks-addon", ...(over.namespaceSelector ? { namespaceSelector: over.namespaceSelector } : {}) },
  });
}

function clients(world: World, context?: string) {
  const kc = new KubeConfig();
  kc.loadFromFile(world.kubeconfigPath);
  if (context) kc.setCurrentContext(context);
  return { kc, core: kc.makeApiClient(CoreV1Api), apps: kc.makeApiClient(AppsV1Api) };
}

async function status(p: Promise<unknown>): Promise<{ code: number; body: Record<string, any> }> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ApiException) return { code: e.code, body: JSON.parse(e.body as string) };
    throw e;
  }
  throw new Error("expected the request to fail");
}

const labelledPod = (name: string) => ({
  metadata: { name, labels: { "azure.workload.identity/use": "true" } },
  spec: { serviceAccountName: "payments", containers: [{ name: "app", image: "busybox" }] },
});

describe("@kubernetes/client-node against the fake kube-apiserver", { timeout: 60_000 }, () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld(scenario());
  }, 60_000);
  afterAll(async () => world?.close());

  it("pages a list with limit and continue, with the remaining count", async () => {
    const { core } = clients(world);
    const names: string[] = [];
    let token: string | undefined;
    const remaining: number[] = [];
    do {
      const page = await core.listNamespacedPod({ namespace: "apps", limit: 5, ...(token ? { _continue: token } : {}) });
      names.push(...page.items.map((p) => p.metadata!.name!));
      token = page.metadata?._continue;
      if (page.metadata?.remainingItemCount !== undefined) remaining.push(page.metadata.remainingItemCount);
    } while (token);
    expect(names).toHaveLength(12);
    expect(new Set(names).size).toBe(12);
    expect(remaining).toEqual([7, 2]);
  });

  it("filters by label and field selectors, and rejects unknown fields as the apiserver does", async () => {
    const { core } = clients(world);
    const front = await core.listNamespacedPod({ namespace: "apps", labelSelector: "tier=front,app notin (svc-00)" });
    expect(front.items.map((p) => p.metadata!.labels!["app"]).sort()).toEqual(["svc-02", "svc-04", "svc-06", "svc-08", "svc-10"]);
    const one = await core.listPodForAllNamespaces({ fieldSelector: `metadata.name=${front.items[0]!.metadata!.name},status.phase=Running` });
    expect(one.items).toHaveLength(1);
    const bad = await status(core.listNamespacedPod({ namespace: "apps", fieldSelector: "spec.color=red" }));
    expect(bad).toMatchObject({ code: 400, body: { kind: "Status", reason: "BadRequest", message: "field label not supported: spec.color" } });
  });

  it("answers a stale update with 409 Conflict", async () => {
    const { core } = clients(world);
    const sa = await core.readNamespacedServiceAccount({ name: "payments", namespace: "apps" });
    const stale = structuredClone(sa);
    sa.metadata!.labels = { a: "1" };
    await core.replaceNamespacedServiceAccount({ name: "payments", namespace: "apps", body: sa });
    stale.metadata!.labels = { a: "2" };
    const r = await status(core.replaceNamespacedServiceAccount({ name: "payments", namespace: "apps", body: stale }));
    expect(r.code).toBe(409);
    expect(r.body).toMatchObject({
      reason: "Conflict",
      message: 'Operation cannot be fulfilled on serviceaccounts "payments": the object has been modified; please apply your changes to the latest version and try again',
      details: { name: "payments", kind: "serviceaccounts" },
    });
  });

  it("applies server-side (dry run first, then for real) and guards a merge patch with the resourceVersion", async () => {
    const { kc, core } = clients(world);
    const objects = KubernetesObjectApi.makeApiClient(kc);
    const sa = { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "payments", namespace: "apps", annotations: { "azure.workload.identity/tenant-id": "t-1" } } };
    const dry = await objects.patch(sa, undefined, "All", "wid", true, PatchStrategy.ServerSideApply);
    expect(dry.metadata!.annotations).toMatchObject({ "azure.workload.identity/tenant-id": "t-1" });
    expect((await core.readNamespacedServiceAccount({ name: "payments", namespace: "apps" })).metadata!.annotations!["azure.workload.identity/tenant-id"]).toBeUndefined();
    const applied = (await objects.patch(sa, undefined, undefined, "wid", true, PatchStrategy.ServerSideApply)) as V1ServiceAccount;
    expect(applied.metadata!.managedFields!.map((m) => `${m.manager}/${m.operation}`)).toContain("wid/Apply");
    const stale = { metadata: { resourceVersion: "1", annotations: { "azure.workload.identity/client-id": "x" } } };
    const r = await status(core.patchNamespacedServiceAccount({ name: "payments", namespace: "apps", body: stale }, setHeaderOptions("Content-Type", PatchStrategy.MergePatch)));
    expect(r).toMatchObject({ code: 409, body: { reason: "Conflict" } });
  });

  it("runs admission on dryRun=All without storing anything", async () => {
    const { core } = clients(world);
    const p = await core.createNamespacedPod({ namespace: "apps", body: labelledPod("dry"), dryRun: "All" });
    expect(p.spec!.containers[0]!.env!.map((e) => e.name)).toContain("AZURE_CLIENT_ID");
    expect(await status(core.readNamespacedPod({ name: "dry", namespace: "apps" }))).toMatchObject({ code: 404, body: { reason: "NotFound", message: 'pods "dry" not found' } });
  });

  it("gives a user outside its namespaces the real Forbidden Status", async () => {
    const { core } = clients(world, `reader@${world.scenario.cluster.name}`);
    expect((await core.listNamespacedPod({ namespace: "other" })).items).toEqual([]);
    const r = await status(core.listNamespacedPod({ namespace: "apps" }));
    expect(r).toMatchObject({
      code: 403,
      body: { reason: "Forbidden", message: 'pods is forbidden: User "reader" cannot list resource "pods" in API group "" in the namespace "apps"', details: { kind: "pods" } },
    });
    const get = await status(core.readNamespacedServiceAccount({ name: "payments", namespace: "other" }));
    expect(get.body.message).toBe('serviceaccounts "payments" is forbidden: User "reader" cannot get resource "serviceaccounts" in API group "" in the namespace "other"');
  });

  it("streams watch events for changes", async () => {
    const { kc, core } = clients(world);
    const seen: string[] = [];
    const list = await core.listNamespacedConfigMap({ namespace: "apps" });
    const done = new Promise<void>((resolve, reject) => {
      void new Watch(kc)
        .watch(
          "/api/v1/namespaces/apps/configmaps",
          { resourceVersion: list.metadata!.resourceVersion },
          (type: string, obj: { metadata: { name: string } }) => {
            seen.push(`${type} ${obj.metadata.name}`);
            if (type === "DELETED") resolve();
          },
          (err: unknown) => (err ? reject(err) : undefined),
        )
        .then(async (req) => {
          await core.createNamespacedConfigMap({ namespace: "apps", body: { metadata: { name: "w" }, data: { a: "1" } } });
          await core.patchNamespacedConfigMap({ name: "w", namespace: "apps", body: [{ op: "add", path: "/data/b", value: "2" }] });
          await core.deleteNamespacedConfigMap({ name: "w", namespace: "apps" });
          return req;
        });
    });
    await done;
    expect(seen).toEqual(["ADDED w", "MODIFIED w", "DELETED w"]);
  });

  it("reports objects entering and leaving a watch's label selector as ADDED and DELETED", async () => {
    const { kc, core } = clients(world);
    const seen: string[] = [];
    const list = await core.listNamespacedConfigMap({ namespace: "apps" });
    await core.createNamespacedConfigMap({ namespace: "apps", body: { metadata: { name: "sel" }, data: {} } });
    const label = (value: string) => core.patchNamespacedConfigMap({ name: "sel", namespace: "apps", body: [{ op: "add", path: "/metadata/labels", value: { watched: value } }] });
    await new Promise<void>((resolve, reject) => {
      void new Watch(kc)
        .watch(
          "/api/v1/namespaces/apps/configmaps",
          { resourceVersion: list.metadata!.resourceVersion, labelSelector: "watched=yes" },
          (type: string, obj: { metadata: { name: string } }) => {
            seen.push(`${type} ${obj.metadata.name}`);
            if (type === "DELETED") resolve();
          },
          (err: unknown) => (err ? reject(err) : undefined),
        )
        .then(async () => {
          await label("yes");
          await label("yes");
          await label("no");
        });
    });
    expect(seen).toEqual(["ADDED sel", "DELETED sel"]);
  });

  it("issues TokenRequest tokens with the cluster issuer and the requested audience", async () => {
    const { core } = clients(world);
    const tr = await core.createNamespacedServiceAccountToken({
      name: "payments",
      namespace: "apps",
      body: { spec: { audiences: ["api://AzureADTokenExchange"], expirationSeconds: 7200 } },
    });
    const claims = decodeJwt(tr.status!.token!);
    expect(claims).toMatchObject({ iss: world.urls.issuer, sub: "system:serviceaccount:apps:payments", aud: ["api://AzureADTokenExchange"] });
    expect(claims.exp! - claims.iat!).toBe(7200);
    expect(await status(core.createNamespacedServiceAccountToken({ name: "nobody", namespace: "apps", body: { spec: { audiences: ["x"] } } }))).toMatchObject({ code: 404 });
  });

  it("serves pods/log with tailLines", async () => {
    const { core } = clients(world);
    const pod = (await core.listNamespacedPod({ namespace: "apps", labelSelector: "app=svc-00" })).items[0]!;
    expect(await core.readNamespacedPodLog({ name: pod.metadata!.name!, namespace: "apps" })).toBe("first\nsecond\nthird\n");
    expect(await core.readNamespacedPodLog({ name: pod.metadata!.name!, namespace: "apps", tailLines: 1 })).toBe("third\n");
  });

  it("rejects a pod whose service account does not exist, as the ServiceAccount admission plugin does", async () => {
    const { core } = clients(world);
    const body = { metadata: { name: "orphan" }, spec: { serviceAccountName: "ghost", containers: [{ name: "c", image: "busybox" }] } };
    expect(await status(core.createNamespacedPod({ namespace: "apps", body }))).toMatchObject({
      code: 403,
      body: { reason: "Forbidden", message: 'pods "orphan" is forbidden: error looking up service account apps/ghost: serviceaccount "ghost" not found' },
    });
  });
});

describe("the workload identity webhook's selection and health", { timeout: 60_000 }, () => {
  it("honours the namespace selector", async () => {
    const world = await startWorld(scenario({ mode: "helm", namespaceSelector: { matchLabels: { wi: "enabled" } } }));
    try {
      const { core } = clients(world);
      const inside = await core.createNamespacedPod({ namespace: "apps", body: labelledPod("inside") });
      const outside = await core.createNamespacedPod({ namespace: "other", body: labelledPod("outside") });
      expect(inside.spec!.containers[0]!.env?.map((e) => e.name)).toEqual(["AZURE_CLIENT_ID", "AZURE_TENANT_ID", "AZURE_FEDERATED_TOKEN_FILE", "AZURE_AUTHORITY_HOST"]);
      expect(outside.spec!.containers[0]!.env).toBeUndefined();
    } finally {
      await world.close();
    }
  });

  it("rejects labelled pods while the webhook has no ready endpoints (failurePolicy Fail), and the ReplicaSet records FailedCreate", async () => {
    const world = await startWorld(scenario({ ready: false }));
    try {
      const { core, apps } = clients(world);
      const r = await status(core.createNamespacedPod({ namespace: "apps", body: labelledPod("blocked") }));
      const message =
        'failed calling webhook "mutation.azure-workload-identity.io": failed to call webhook: Post "https://azure-wi-webhook-webhook-service.kube-system.svc:443/mutate-v1-pod?timeout=10s": no endpoints available for service "azure-wi-webhook-webhook-service"';
      expect(r).toMatchObject({ code: 500, body: { reason: "InternalError", message: `Internal error occurred: ${message}` } });
      // Unlabelled pods are not sent to the webhook at all.
      expect((await core.createNamespacedPod({ namespace: "apps", body: { metadata: { name: "plain" }, spec: { containers: [{ name: "c", image: "busybox" }] } } })).metadata!.name).toBe("plain");
      await apps.createNamespacedDeployment({
        namespace: "apps",
        body: deployment("apps", "labelled", { serviceAccount: "payments", labels: { "azure.workload.identity/use": "true" } }) as never,
      });
      await world.kube.settle();
      const events = await core.listNamespacedEvent({ namespace: "apps", fieldSelector: "reason=FailedCreate" });
      expect(events.items.map((e) => e.message)).toContain(`Error creating: Internal error occurred: ${message}`);
      const webhookPods = await core.listNamespacedPod({ namespace: "kube-system", labelSelector: "azure-workload-identity.io/system=true" });
      expect(webhookPods.items.map((p) => p.status!.containerStatuses![0]!.state!.waiting!.reason)).toEqual(["CrashLoopBackOff", "CrashLoopBackOff"]);
    } finally {
      await world.close();
    }
  });
});
