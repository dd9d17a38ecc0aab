import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runChecks, type Finding, type Snapshot } from "@wid/core";
import { allChecks } from "@wid/core/checks";
import { defaultScenario, startWorld, type World } from "@wid/fake-cloud";
import { readCluster, verify } from "../../src/live/index.js";
import { judgeVerification } from "../../src/engine/verification.js";

/**
 * The editor's live reader against the simulated cluster and Azure: what the view and "Verify a
 * Service Account" run.
 */
let world: World;
const saved: Record<string, string | undefined> = {};
beforeAll(async () => {
  world = await startWorld(defaultScenario(), { trustInProcess: true, podStopMs: 50 });
  // the user's sign-in, as a shell pointed at the simulated world has it
  for (const [k, v] of Object.entries(world.env)) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
}, 60_000);
afterAll(async () => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  await world?.close();
});

const signal = () => new AbortController().signal;
const subscriptions = () => [world.env["AZURE_SUBSCRIPTION_ID"]!];

async function read(): Promise<Snapshot> {
  const r = await readCluster({ kubeconfig: world.kubeconfigPath, context: undefined, exportParts: [], subscriptions: subscriptions(), clusterName: undefined, signal: signal() });
  if (!r.ok) throw new Error(r.message);
  return r.snapshot;
}

function finding(s: Snapshot, checkId: string, name: string): Finding | undefined {
  return runChecks(s, allChecks).findings.find((f) => f.checkId === checkId && (f.workload?.name ?? f.object.name) === name);
}

describe("the editor's live reader on the simulated world", { timeout: 120_000 }, () => {
  it("reads the kube context's cluster, every namespace, with Azure read live for it", async () => {
    const r = await readCluster({ kubeconfig: world.kubeconfigPath, context: undefined, exportParts: [], subscriptions: subscriptions(), clusterName: undefined, signal: signal() });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.context).toEqual({ name: "aks-shop-prod", server: world.urls.kube });
    expect(r.snapshot.coverage.available.has("cluster")).toBe(true);
    expect(r.snapshot.coverage.available.has("azure.federatedCredentials")).toBe(true);
    expect(finding(r.snapshot, "fic-subject-mismatch", "payments")).toBeDefined();
    expect(finding(r.snapshot, "pod-not-mutated", "notifier")).toBeDefined();
  });

  it("says why a cluster cannot be read: unreachable, or a kubeconfig that names no context", async () => {
    const dir = mkdtempSync(join(tmpdir(), "wid-live-"));
    const closed = join(dir, "closed.yaml");
    writeFileSync(closed, readFileSync(world.kubeconfigPath, "utf8").replace(world.urls.kube, "https://127.0.0.1:9"));
    const unreachable = await readCluster({ kubeconfig: closed, context: undefined, exportParts: [], subscriptions: [], clusterName: undefined, signal: signal() });
    expect(unreachable).toMatchObject({ ok: false, context: { name: "aks-shop-prod", server: "https://127.0.0.1:9" }, message: expect.stringMatching(/could not be read/) });
    const noContext = await readCluster({ kubeconfig: world.kubeconfigPath, context: "nope", exportParts: [], subscriptions: [], clusterName: undefined, signal: signal() });
    expect(noContext).toMatchObject({ ok: false, message: expect.stringMatching(/defines no such context/) });
  });

  it("verifies a ServiceAccount as its pods would sign in: refused with AADSTS70021, and why", async () => {
    const r = await verify({ kubeconfig: world.kubeconfigPath, context: undefined, namespace: "shop", serviceAccount: "payments", subscriptions: subscriptions(), signal: signal() });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const j = judgeVerification(r.outcome);
    expect(j).toMatchObject({ works: false, code: 70021 });
    expect(j.explaining.map((f) => f.checkId)).toEqual(["fic-subject-mismatch"]);
    const ok = await verify({ kubeconfig: world.kubeconfigPath, context: undefined, namespace: "shop", serviceAccount: "orders", subscriptions: subscriptions(), signal: signal() });
    expect(ok.ok && judgeVerification(ok.outcome).works).toBe(true);
  });
});
