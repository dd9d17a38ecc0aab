import { spawn } from "node:child_process";
import { runChecks, type Finding, type Fix, type Report } from "@wid/core";
import { allChecks } from "@wid/core/checks";
import { loadLiveSnapshot } from "@wid/core/sources/live";
import { azureLookupsOf, credentialFromEnv, loadAzureLive } from "@wid/core/sources/live-azure";
import type { LiveTargets } from "@wid/core/executors/live";
import type { World } from "./fake-azure.js";

/** Retries wait little in tests: the behaviour is the same, the clock is not the subject. */
const FAST = { baseMs: 10, maxMs: 50, maxRetryAfterMs: 3_000 };

/** The live doctor on a world, as `kubectl wid doctor -A` runs it: the cluster of its kubeconfig and live Azure with its sign-in. */
export async function liveDoctor(world: World, opts: { context?: string } = {}): Promise<Report> {
  const env = world.env;
  const { snapshot } = await loadLiveSnapshot({
    kubeconfig: world.kubeconfigPath,
    ...(opts.context ? { context: opts.context } : {}),
    allNamespaces: true,
    backoff: FAST,
    azure: async (cluster) => {
      const { part } = await loadAzureLive({ ...azureLookupsOf(cluster.objects), env, credential: credentialFromEnv(env, env["AZURE_AUTHORITY_HOST"]), clusterServer: cluster.context.server, retry: { delayMs: 10 } });
      return part;
    },
    options: { clusterName: world.scenario.cluster.name },
  });
  return runChecks(snapshot, allChecks);
}

/** Where the executors write in a world: its kubeconfig (a user's context when named) and its Azure sign-in. */
export function targetsOf(world: World, opts: { context?: string; timeoutMs?: number; signal?: AbortSignal } = {}): LiveTargets {
  return {
    kube: { kubeconfig: world.kubeconfigPath, ...(opts.context ? { context: opts.context } : {}) },
    env: world.env,
    ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
  };
}

/** The finding of a check about an object, and its first complete fix. */
export function findingOf(report: Report, checkId: string, objectName: string): { finding: Finding; fix: Fix } {
  const finding = report.findings.find((f) => f.checkId === checkId && f.object.name === objectName);
  if (!finding) throw new Error(`no ${checkId} finding about ${objectName}: ${report.findings.map((f) => `${f.checkId}/${f.object.name}`).join(", ")}`);
  const fix = finding.fixes.find((f) => f.kind === "fix" && f.plans.some((p) => p.target !== "manifest"));
  if (!fix) throw new Error(`${checkId} ${objectName} has no live fix`);
  return { finding, fix };
}

/**
 * The real kubectl against the world, as a user runs it; asynchronously, since the world's
 * servers run in this process.
 */
export function kubectl(world: World, args: string[], opts: { context?: string; input?: string } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("kubectl", ["--kubeconfig", world.kubeconfigPath, ...(opts.context ? ["--context", opts.context] : []), ...args], { stdio: ["pipe", "pipe", "pipe"], timeout: 20_000 });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(opts.input ?? "");
  });
}

/** An object as kubectl reads it. */
export async function kubectlJson(world: World, args: string[]): Promise<Record<string, any>> {
  const r = await kubectl(world, ["get", ...args, "-o", "json"]);
  if (r.code !== 0) throw new Error(`kubectl get ${args.join(" ")}: ${r.stderr}`);
  return JSON.parse(r.stdout) as Record<string, any>;
}
