import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadOfflineSnapshot, runChecks, type Report } from "@wid/core";
import { allChecks } from "@wid/core/checks";
import { startWorld, type World } from "../../src/world.js";
import { defaultScenario } from "../../src/scenario/default.js";
import { exportWorld } from "../../src/launcher/export.js";

// The demo world must show wid at work: several distinct mistakes, next to setups that are right.
describe("the default scenario", { timeout: 60_000 }, () => {
  let world: World;
  let report: Report;
  beforeAll(async () => {
    world = await startWorld(defaultScenario());
    const exported = await exportWorld(world, await mkdtemp(join(tmpdir(), "wid-demo-export-")));
    const snapshot = await loadOfflineSnapshot({ manifests: [exported.manifests], azure: [exported.azure] });
    report = runChecks(snapshot, allChecks);
  }, 60_000);
  afterAll(async () => world?.close());

  it("holds several namespaces and about a dozen workloads", () => {
    const workloads = world.scenario.cluster.objects.filter((o) => ["Deployment", "StatefulSet", "CronJob", "DaemonSet", "Job"].includes(String(o["kind"])));
    const namespaces = new Set(workloads.map((o) => (o["metadata"] as { namespace: string }).namespace));
    expect(workloads.length).toBeGreaterThanOrEqual(10);
    expect(workloads.length).toBeLessThanOrEqual(15);
    expect(namespaces.size).toBeGreaterThanOrEqual(3);
  });

  it("makes the doctor report at least eight different checks", () => {
    const ids = new Set(report.findings.filter((f) => f.severity !== "info").map((f) => f.checkId));
    expect([...ids].sort()).toEqual(expect.arrayContaining(["fic-issuer-mismatch", "fic-subject-mismatch", "pod-label-missing", "sa-client-id-not-guid"]));
    expect(ids.size).toBeGreaterThanOrEqual(8);
  });

  it("leaves the correct setup (shop/orders) without findings", () => {
    const about = report.findings.filter((f) => f.object.namespace === "shop" && /^orders/.test(f.object.name) && f.severity === "error");
    expect(about).toEqual([]);
  });
});
