import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { doctor, findingIds, read, shop, startWorld, type World } from "./helpers.js";

/** Reads and lists in two namespaces, and may list namespaces: a team's RoleBindings and a ClusterRole for namespaces. */
const TEAM = {
  name: "team",
  rules: [
    { verbs: ["get", "list"], resources: ["namespaces"] },
    { namespaces: ["shop", "billing"], verbs: ["get", "list", "watch"], resources: ["*"] },
  ],
};

/** Like `view`: everything of one namespace but Secrets and pod logs. */
const VIEW = {
  name: "view",
  rules: [{ namespaces: ["shop"], verbs: ["get", "list", "watch"], resources: ["pods", "serviceaccounts", "deployments", "statefulsets", "daemonsets", "jobs", "cronjobs", "services", "configmaps", "events", "namespaces", "secretproviderclasses", "endpointslices"] }],
};

/** Sees the webhook's configuration, and one namespace: not kube-system, where the webhook runs. */
const OPS = {
  name: "ops",
  rules: [
    { verbs: ["get", "list"], resources: ["mutatingwebhookconfigurations"] },
    { namespaces: ["shop"], verbs: ["get", "list"], resources: ["*"] },
  ],
};

describe("a user who may read only part of the cluster", { timeout: 60_000 }, () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld(shop({ users: [TEAM, VIEW, OPS] }));
  }, 60_000);
  afterAll(() => world?.close());

  it("with -A gets the namespaces they can read, and the report names the others and why", async () => {
    const c = await read(world, { user: "team" });
    expect(c.coverage.live).toMatchObject({ allNamespaces: false, namespaces: ["billing", "shop"] });
    const unreadNamespaces = c.coverage.live!.unread.filter((g) => g.resource === "serviceaccounts").map((g) => g.namespace);
    expect(unreadNamespaces.sort()).toEqual(["analytics", "default", "kube-system", "legacy"]);
    expect(c.coverage.live!.unread.find((g) => g.namespace === "legacy")!.gap).toMatchObject({ code: "forbidden", detail: expect.stringContaining('User "team" cannot list resource "serviceaccounts"') });
    expect(c.coverage.available.has("cluster.webhooks")).toBe(false);
    expect(c.coverage.gaps.get("cluster.webhooks")).toMatchObject({ code: "forbidden", resource: "mutatingwebhookconfigurations.admissionregistration.k8s.io" });
    // the namespaces they cannot read are not tried further: no request grows with them
    expect(c.requests["pods"]).toBe(1 + 2);
  });

  it("gets the findings of the namespaces they can read, and no webhook verdict rather than a false one", async () => {
    const { report } = await doctor(world, { user: "team" });
    const ids = findingIds(report);
    expect(ids).toContain("pod-label-missing Deployment shop/cart");
    expect(ids).toContain("sa-annotation-typo ServiceAccount billing/ledger");
    expect(ids.some((i) => i.includes(" analytics/") || i.includes(" legacy/"))).toBe(false);
    // no verdict on the webhook's installation; the refusals its events show are facts of a readable namespace
    expect(ids.filter((i) => /^webhook-(missing|not-ready|double-install) /.test(i))).toEqual([]);
    const webhookMissing = report.notRun.find((n) => n.checkId === "webhook-missing")!;
    expect(webhookMissing.reason).toMatchObject({ code: "missing-data", data: "cluster.webhooks", gap: { code: "forbidden" } });
    // credentials naming namespaces that could not be read are not called orphaned
    expect(ids.some((i) => i.startsWith("fic-orphaned"))).toBe(false);
  });

  it("with -n reads one namespace, even without Secrets and logs, and says what it could not read", async () => {
    const c = await read(world, { user: "view", namespace: "shop", allNamespaces: false });
    expect(c.coverage.live).toMatchObject({ allNamespaces: false, namespaces: ["shop"] });
    const unread = c.coverage.live!.unread.map((g) => `${g.resource} ${g.namespace ?? "*"} ${g.gap.code}`);
    expect(unread).toEqual(expect.arrayContaining(["secrets shop forbidden", "pods/log shop forbidden", "mutatingwebhookconfigurations.admissionregistration.k8s.io * forbidden"]));
    expect(c.coverage.available.has("runtime.logs")).toBe(false);
    expect(c.coverage.gaps.get("runtime.logs")).toMatchObject({ code: "forbidden", resource: "pods/log", namespace: "shop" });
    // one forbidden log read is enough to know the namespace's logs are closed
    expect(c.requests["pods/log"]).toBe(1);
    const { report } = await doctor(world, { user: "view", namespace: "shop", allNamespaces: false });
    expect(findingIds(report)).toContain("pod-not-mutated Deployment shop/notifier");
    expect(report.notRun.map((n) => n.checkId)).toEqual(expect.arrayContaining(["runtime-aadsts-error", "webhook-missing"]));
  });

  it("judges the webhook's configuration it may list, and says the webhook's own namespace could not be read", async () => {
    const { snapshot, report } = await doctor(world, { user: "ops", namespace: "shop", allNamespaces: false });
    expect(snapshot.coverage.available.has("cluster.webhooks")).toBe(true);
    expect(report.findings.some((f) => f.checkId === "webhook-missing")).toBe(false);
    const unread = snapshot.coverage.live!.unread.map((g) => `${g.resource} ${g.namespace ?? "*"} ${g.gap.code}`);
    expect(unread).toEqual(expect.arrayContaining(["endpointslices.discovery.k8s.io kube-system forbidden", "configmaps kube-system forbidden", "deployments.apps kube-system forbidden"]));
    expect(report.notRun.find((n) => n.checkId === "webhook-not-ready")!.reason).toMatchObject({ code: "missing-data", gap: { code: "forbidden", namespace: "kube-system" } });
    expect(report.notRun.find((n) => n.checkId === "webhook-tenant-config")!.reason).toMatchObject({ code: "missing-data", data: "webhook-config", gap: { code: "forbidden", resource: "configmaps", namespace: "kube-system" } });
    expect(report.notRun.find((n) => n.checkId === "webhook-double-install")!.reason).toMatchObject({ code: "missing-data", gap: { code: "forbidden" } });
  });

  it("with -A and no right to list namespaces reads the context's namespace alone", async () => {
    const c = await read(world, { user: "view", namespace: "shop" });
    expect(c.coverage.live).toMatchObject({ allNamespaces: false, namespaces: ["shop"] });
    expect(c.coverage.live!.unread[0]).toMatchObject({ resource: "namespaces", gap: { code: "forbidden" } });
  });
});
