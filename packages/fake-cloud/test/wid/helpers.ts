import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseAzurePart, runChecks, type Report, type Snapshot } from "@wid/core";
import { allChecks } from "@wid/core/checks";
import { loadLiveCluster, loadLiveSnapshot, type LiveClusterOptions } from "@wid/core/sources/live";
import { defaultScenario } from "../../src/scenario/index.js";
import type { KubeFaults, Scenario } from "../../src/scenario/types.js";
import { startWorld, type World } from "../../src/world.js";
import { exportWorld } from "../../src/launcher/export.js";

/** Retries wait little in tests: the behaviour is the same, the clock is not the subject. */
export const FAST = { backoff: { baseMs: 10, maxMs: 50, maxRetryAfterMs: 3_000 } } as const;

/** The default shop, with kube faults and more users when asked. */
export function shop(o: { faults?: KubeFaults; users?: Scenario["cluster"]["users"]; change?: (s: Scenario) => void } = {}): Scenario {
  const s = defaultScenario();
  if (o.faults) s.faults.kube = o.faults;
  if (o.users) s.cluster.users.push(...o.users);
  o.change?.(s);
  return s;
}

export function contextOf(world: World, user: string): string {
  return user === "admin" ? world.scenario.cluster.name : `${user}@${world.scenario.cluster.name}`;
}

export function read(world: World, opts: Partial<LiveClusterOptions> & { user?: string } = {}) {
  const { user, ...rest } = opts;
  return loadLiveCluster({ kubeconfig: world.kubeconfigPath, allNamespaces: true, ...FAST, ...(user ? { context: contextOf(world, user) } : {}), ...rest });
}

/** The doctor's run on a live read with the world's Azure state as exports, as `kubectl wid demo` does it. */
export async function doctor(world: World, opts: Partial<LiveClusterOptions> & { user?: string } = {}): Promise<{ snapshot: Snapshot; report: Report }> {
  const { user, ...rest } = opts;
  const dir = mkdtempSync(join(tmpdir(), "wid-live-"));
  const exported = await exportWorld(world, dir);
  const parts = ["identities", "federated-credentials", "role-assignments", "clusters", "keyvaults"].map((n) => {
    const file = join(exported.azure, `${n}.json`);
    return parseAzurePart(file, readFileSync(file, "utf8"));
  });
  const { snapshot } = await loadLiveSnapshot({ kubeconfig: world.kubeconfigPath, allNamespaces: true, ...FAST, ...(user ? { context: contextOf(world, user) } : {}), ...rest, parts, options: { clusterName: world.scenario.cluster.name } });
  return { snapshot, report: runChecks(snapshot, allChecks) };
}

export function findingIds(report: Report): string[] {
  return report.findings.map((f) => `${f.checkId} ${f.object.kind} ${f.object.namespace ?? ""}/${f.object.name}`).sort();
}

/** A kubeconfig file of the world's, changed by `edit`. */
export function kubeconfigCopy(world: World, edit: (text: string) => string, name = "kubeconfig"): string {
  const file = join(mkdtempSync(join(tmpdir(), "wid-kc-")), name);
  writeFileSync(file, edit(readFileSync(world.kubeconfigPath, "utf8")), { mode: 0o600 });
  return file;
}

export { startWorld, type World };
