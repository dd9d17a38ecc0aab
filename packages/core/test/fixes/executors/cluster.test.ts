import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClusterPlan, ClusterStep } from "@wid/core";
import { applyClusterPlan, applyFix, RESTARTED_AT, type StepOutcome } from "@wid/core/executors/live";
import { createCertificateAuthority, defaultScenario, startWorld, type CertificateAuthority, type World } from "../../helpers/fake-azure.js";
import { findingOf, kubectl, kubectlJson, liveDoctor, targetsOf } from "../../helpers/live-world.js";

let ca: CertificateAuthority;
const worlds: World[] = [];
beforeAll(async () => {
  ca = await createCertificateAuthority();
});
afterAll(async () => {
  await Promise.all(worlds.map((w) => w.close()));
});

/** The default shop, with a read-only user and faults when asked. */
async function shop(change?: (s: ReturnType<typeof defaultScenario>) => void): Promise<World> {
  const s = defaultScenario();
  s.cluster.users.push({ name: "reader", rules: [{ verbs: ["get", "list", "watch"], resources: ["*"] }] });
  change?.(s);
  const w = await startWorld(s, { ca, trustInProcess: true, podStopMs: 50 });
  worlds.push(w);
  return w;
}

const annotations = (o: Record<string, any>) => (o["metadata"]?.["annotations"] ?? {}) as Record<string, string>;
const statuses = (outcomes: StepOutcome[]) => outcomes.map((o) => o.status);

describe("applyClusterPlan against the simulated API server, read back with kubectl", { timeout: 60_000 }, () => {
  let world: World;
  beforeAll(async () => {
    world = await shop();
  }, 60_000);

  it("renames a misspelled annotation with a merge patch by field manager wid, and a second time changes nothing", async () => {
    const report = await liveDoctor(world);
    const { fix } = findingOf(report, "sa-annotation-typo", "ledger");
    const heard: StepOutcome[] = [];
    const outcomes = await applyFix(fix, "cluster", targetsOf(world), { onStep: (o) => heard.push(o) });
    expect(statuses(outcomes)).toEqual(["applied"]);
    expect(heard).toEqual(outcomes);
    const sa = await kubectlJson(world, ["serviceaccount", "ledger", "-n", "billing", "--show-managed-fields"]);
    expect(annotations(sa)).toHaveProperty("azure.workload.identity/client-id");
    expect(annotations(sa)).not.toHaveProperty("azure.workload.identity/client_id");
    expect((sa["metadata"]["managedFields"] as { manager: string; operation: string }[]).map((m) => `${m.manager}:${m.operation}`)).toContain("wid:Update");
    // the same plan again: its guard is stale, but the object holds the change
    const again = await applyFix(fix, "cluster", targetsOf(world));
    expect(again).toEqual([expect.objectContaining({ status: "unchanged" })]);
    expect((await kubectlJson(world, ["serviceaccount", "ledger", "-n", "billing"]))["metadata"]["resourceVersion"]).toBe(sa["metadata"]["resourceVersion"]);
    // and the doctor no longer finds it
    expect((await liveDoctor(world)).findings.filter((f) => f.checkId === "sa-annotation-typo")).toEqual([]);
  });

  it("refuses a plan made from an object that changed since, and leaves the change made by someone else", async () => {
    const report = await liveDoctor(world);
    const { fix } = findingOf(report, "sa-token-expiration-invalid", "reports");
    expect((await kubectl(world, ["annotate", "serviceaccount", "reports", "-n", "billing", "team=finance"])).code).toBe(0);
    const [outcome] = await applyFix(fix, "cluster", targetsOf(world));
    expect(outcome).toMatchObject({ status: "refused", reason: expect.stringMatching(/^ServiceAccount billing\/reports changed since wid read it \(resourceVersion \d+, now \d+\): not overwritten/) });
    const sa = await kubectlJson(world, ["serviceaccount", "reports", "-n", "billing"]);
    expect(annotations(sa)).toMatchObject({ team: "finance", "azure.workload.identity/service-account-token-expiration": "1800" });
  });

  it("refuses an object deleted and created again since it was read", async () => {
    const report = await liveDoctor(world);
    const { fix } = findingOf(report, "sa-token-expiration-invalid", "reports");
    const sa = await kubectlJson(world, ["serviceaccount", "reports", "-n", "billing"]);
    expect((await kubectl(world, ["delete", "serviceaccount", "reports", "-n", "billing"])).code).toBe(0);
    const recreated = { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "reports", namespace: "billing", annotations: annotations(sa) } };
    expect((await kubectl(world, ["create", "-f", "-"], { input: JSON.stringify(recreated) })).code).toBe(0);
    const [outcome] = await applyFix(fix, "cluster", targetsOf(world));
    expect(outcome).toMatchObject({ status: "refused", reason: expect.stringContaining("ServiceAccount billing/reports was deleted and created again since wid read it") });
  });

  it("refuses an object deleted since it was read: nothing is created in its place", async () => {
    const report = await liveDoctor(world);
    expect(report.findings.some((f) => f.object.name === "dashboard")).toBe(true);
    const step: ClusterStep = { op: "patch", object: { kind: "ServiceAccount", name: "dashboard", namespace: "analytics", apiVersion: "v1" }, patch: { metadata: { labels: { team: "data" } } }, guard: {}, command: "" };
    expect((await kubectl(world, ["delete", "serviceaccount", "dashboard", "-n", "analytics"])).code).toBe(0);
    expect(await applyClusterPlan({ target: "cluster", steps: [step] }, targetsOf(world))).toEqual([expect.objectContaining({ status: "refused", reason: "ServiceAccount analytics/dashboard no longer exists: not created again" })]);
    expect((await kubectl(world, ["get", "serviceaccount", "dashboard", "-n", "analytics"])).code).not.toBe(0);
  });

  it("restarts a Deployment as kubectl rollout restart does; its new pods are mutated", async () => {
    const report = await liveDoctor(world);
    const { fix } = findingOf(report, "pod-not-mutated", "notifier");
    const before = (await kubectlJson(world, ["pods", "-n", "shop", "-l", "app=notifier"]))["items"].map((p: any) => p.metadata.name);
    const outcomes = await applyFix(fix, "cluster", targetsOf(world));
    expect(outcomes).toEqual([expect.objectContaining({ status: "applied", reason: "Deployment shop/notifier restarted: its pods are being replaced" })]);
    const d = await kubectlJson(world, ["deployment", "notifier", "-n", "shop"]);
    expect(Date.parse(d["spec"]["template"]["metadata"]["annotations"][RESTARTED_AT])).toBeGreaterThan(Date.now() - 60_000);
    expect((await kubectl(world, ["rollout", "status", "deployment/notifier", "-n", "shop", "--timeout=30s"])).code).toBe(0);
    const after = (await kubectlJson(world, ["pods", "-n", "shop", "-l", "app=notifier"]))["items"].filter((p: any) => !p.metadata.deletionTimestamp);
    expect(after.map((p: any) => p.metadata.name)).not.toEqual(expect.arrayContaining(before));
    expect(after.every((p: any) => p.spec.containers[0].env?.some((e: any) => e.name === "AZURE_FEDERATED_TOKEN_FILE"))).toBe(true);
  });

  it("with dryRun asks the API server and changes nothing", async () => {
    const report = await liveDoctor(world);
    const { fix } = findingOf(report, "pod-label-value-invalid", "exporter");
    const rv = (await kubectlJson(world, ["deployment", "exporter", "-n", "analytics"]))["metadata"]["resourceVersion"];
    const outcomes = await applyFix(fix, "cluster", targetsOf(world), { dryRun: true });
    expect(outcomes).toEqual([expect.objectContaining({ status: "applied", reason: expect.stringContaining("dry run; nothing was changed") })]);
    expect((await kubectlJson(world, ["deployment", "exporter", "-n", "analytics"]))["metadata"]["resourceVersion"]).toBe(rv);
  });

  it("applies no step of a plan when the API server refuses one in its dry run", async () => {
    const report = await liveDoctor(world);
    const sa = report.findings.find((f) => f.checkId === "pod-label-missing" && f.object.name === "cart")!;
    const saRv = (await kubectlJson(world, ["serviceaccount", "cart", "-n", "shop"]))["metadata"]["resourceVersion"];
    const deploy = await kubectlJson(world, ["deployment", "cart", "-n", "shop"]);
    const good: ClusterStep = { op: "patch", object: { kind: "ServiceAccount", name: "cart", namespace: "shop", apiVersion: "v1" }, patch: { metadata: { labels: { team: "storefront" } } }, guard: { resourceVersion: saRv }, command: "" };
    // the pod template's labels must keep matching the selector: the API server refuses this one
    const bad: ClusterStep = { op: "patch", object: { kind: "Deployment", name: "cart", namespace: "shop", apiVersion: "apps/v1" }, patch: { spec: { template: { metadata: { labels: { app: "other" } } } } }, guard: { uid: deploy["metadata"]["uid"], resourceVersion: deploy["metadata"]["resourceVersion"] }, command: "" };
    expect(sa).toBeDefined();
    const outcomes = await applyClusterPlan({ target: "cluster", steps: [good, bad] }, targetsOf(world));
    expect(outcomes).toEqual([
      expect.objectContaining({ status: "refused", reason: "ServiceAccount shop/cart: not changed, because another step of this fix cannot be applied (Deployment shop/cart)" }),
      expect.objectContaining({ status: "refused", reason: expect.stringMatching(/^Deployment shop\/cart: the API server refuses the change in a dry run: Deployment.apps "cart" is invalid: spec.template.metadata.labels/) }),
    ]);
    expect((await kubectlJson(world, ["serviceaccount", "cart", "-n", "shop"]))["metadata"]["resourceVersion"]).toBe(saRv);
    expect((await kubectlJson(world, ["deployment", "cart", "-n", "shop"]))["metadata"]["resourceVersion"]).toBe(deploy["metadata"]["resourceVersion"]);
  });

  it("reports a 403 of a user who may read but not change, and changes nothing", async () => {
    const report = await liveDoctor(world);
    const { fix } = findingOf(report, "sa-client-id-is-principal-id", "catalog");
    const rv = (await kubectlJson(world, ["serviceaccount", "catalog", "-n", "shop"]))["metadata"]["resourceVersion"];
    const [outcome] = await applyFix(fix, "cluster", targetsOf(world, { context: `reader@${world.scenario.cluster.name}` }));
    expect(outcome).toMatchObject({ status: "failed", reason: 'ServiceAccount shop/catalog: you may not change it (User "reader" cannot patch resource "serviceaccounts" in API group "" in the namespace "shop")' });
    expect((await kubectlJson(world, ["serviceaccount", "catalog", "-n", "shop"]))["metadata"]["resourceVersion"]).toBe(rv);
  });

  it("creates an object, finds it in place the second time, and never overwrites one that differs", async () => {
    const step = (annotations: Record<string, string>, namespace = "shop"): ClusterStep => ({
      op: "create",
      object: { kind: "ServiceAccount", name: "created-by-wid", namespace, apiVersion: "v1" },
      manifest: { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "created-by-wid", namespace, annotations } },
      command: "",
    });
    const client = { "azure.workload.identity/client-id": "11111111-2222-4333-8444-555555555555" };
    expect(await applyClusterPlan({ target: "cluster", steps: [step(client)] }, targetsOf(world))).toEqual([expect.objectContaining({ status: "applied", reason: "ServiceAccount shop/created-by-wid created" })]);
    const sa = await kubectlJson(world, ["serviceaccount", "created-by-wid", "-n", "shop", "--show-managed-fields"]);
    expect(annotations(sa)).toEqual(client);
    expect((sa["metadata"]["managedFields"] as { manager: string }[]).map((m) => m.manager)).toEqual(["wid"]);
    expect(await applyClusterPlan({ target: "cluster", steps: [step(client)] }, targetsOf(world))).toEqual([expect.objectContaining({ status: "unchanged" })]);
    expect(await applyClusterPlan({ target: "cluster", steps: [step({ "azure.workload.identity/client-id": "22222222-2222-4333-8444-555555555555" })] }, targetsOf(world))).toEqual([
      expect.objectContaining({ status: "refused", reason: "ServiceAccount shop/created-by-wid exists already, with other values than wid would give it: not overwritten" }),
    ]);
    expect(await applyClusterPlan({ target: "cluster", steps: [step(client, "nowhere")] }, targetsOf(world))).toEqual([
      expect.objectContaining({ status: "refused", reason: "ServiceAccount nowhere/created-by-wid: namespace nowhere does not exist (kubectl create namespace nowhere first)" }),
    ]);
  });

  it("stops between steps when the signal is aborted, and says which were not made", async () => {
    const controller = new AbortController();
    const plan: ClusterPlan = {
      target: "cluster",
      steps: ["orders", "payments"].map((name) => ({ op: "patch", object: { kind: "ServiceAccount", name, namespace: "shop", apiVersion: "v1" }, patch: { metadata: { labels: { checked: "yes" } } }, guard: {}, command: "" })),
    };
    controller.abort();
    const outcomes = await applyClusterPlan(plan, targetsOf(world, { signal: controller.signal }));
    expect(outcomes.map((o) => o.reason)).toEqual(["ServiceAccount shop/orders: not changed: the run was stopped before this step", "ServiceAccount shop/payments: not changed: the run was stopped before this step"]);
    expect((await kubectlJson(world, ["serviceaccount", "orders", "-n", "shop"]))["metadata"]["labels"]?.["checked"]).toBeUndefined();
  });
});

describe("a write that meets the network or another writer", { timeout: 60_000 }, () => {
  it("whose answer is lost is read again: the outcome says the change was made", async () => {
    const world = await shop((s) => {
      s.faults.kube = { drop: [{ pathContains: "?fieldManager=wid", afterServing: true, requests: 1 }] };
    });
    const report = await liveDoctor(world);
    const { fix } = findingOf(report, "pod-label-value-invalid", "exporter");
    const [outcome] = await applyFix(fix, "cluster", targetsOf(world));
    expect(outcome).toMatchObject({ status: "applied", reason: expect.stringMatching(/^Deployment analytics\/exporter: the answer was lost \(.*\), but reading it again shows the change made$/) });
    expect((await kubectlJson(world, ["deployment", "exporter", "-n", "analytics"]))["spec"]["template"]["metadata"]["labels"]["azure.workload.identity/use"]).toBe("true");
  });

  it("an object changed between the check and the write is refused by the API server (409), not overwritten", async () => {
    const world = await shop((s) => {
      s.faults.kube = { slow: [{ pathContains: "?fieldManager=wid", ms: 1_500, requests: 1 }] };
    });
    const report = await liveDoctor(world);
    const { fix } = findingOf(report, "pod-label-value-invalid", "exporter");
    const applying = applyFix(fix, "cluster", targetsOf(world));
    await new Promise((r) => setTimeout(r, 700));
    expect((await kubectl(world, ["label", "deployment", "exporter", "-n", "analytics", "team=data"])).code).toBe(0);
    const [outcome] = await applying;
    expect(outcome).toMatchObject({ status: "failed", reason: expect.stringMatching(/^Deployment analytics\/exporter changed between wid's check and its write: not overwritten \(Operation cannot be fulfilled on deployments.apps "exporter": the object has been modified/) });
    const d = await kubectlJson(world, ["deployment", "exporter", "-n", "analytics"]);
    expect(d["metadata"]["labels"]["team"]).toBe("data");
    expect(d["spec"]["template"]["metadata"]["labels"]["azure.workload.identity/use"]).toBe("True");
  });

  it("whose connection drops before it is served: the outcome says nothing changed", async () => {
    const world = await shop((s) => {
      s.faults.kube = { drop: [{ pathContains: "?fieldManager=wid", requests: 1 }] };
    });
    const report = await liveDoctor(world);
    const { fix } = findingOf(report, "pod-label-value-invalid", "exporter");
    const [outcome] = await applyFix(fix, "cluster", targetsOf(world));
    expect(outcome).toMatchObject({ status: "failed", reason: expect.stringMatching(/^Deployment analytics\/exporter: .*; reading it again shows it unchanged$/) });
    expect((await kubectlJson(world, ["deployment", "exporter", "-n", "analytics"]))["spec"]["template"]["metadata"]["labels"]["azure.workload.identity/use"]).toBe("True");
  });
});
