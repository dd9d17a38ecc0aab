// The live doctor on a generated cluster in fake-cloud (10,000 pods, 2,000 service accounts,
// 300 identities): `kubectl wid doctor -A -o json` against `kubectl get pods -A -o json` on the
// same simulated apiserver in the same run, wall time and peak memory of each process, and the
// Kubernetes requests the doctor sends, per resource. Used by scripts/bench.mjs.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

const ROOT = join(import.meta.dirname, "..");
const CLI = join(ROOT, "packages/kubectl-wid/dist/kubectl-wid.mjs");

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function onPath(cmd) {
  return spawnSync("sh", ["-c", `command -v ${cmd}`], { encoding: "utf8" }).status === 0;
}

/**
 * Runs a command to completion with its output thrown away; wall time and peak RSS (MB), read
 * from /proc while it runs (VmHWM is the process's high-water mark), as portable as Linux gets.
 */
function run(cmd, args, env) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    let peakKb = 0;
    const status = `/proc/${child.pid}/status`;
    const poll = setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(status, "utf8"));
        if (m) peakKb = Math.max(peakKb, Number(m[1]));
      } catch {
        // gone: the last reading stands
      }
    }, 20);
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("exit", (code) => {
      clearInterval(poll);
      const ms = performance.now() - t0;
      // 0: clean, 1: findings; anything else is a failed run
      if (code !== 0 && code !== 1) reject(new Error(`${cmd} ${args.join(" ")} exited ${code}: ${stderr}`));
      else resolve({ ms, peakMB: peakKb / 1024 });
    });
  });
}

export async function benchLive({ reps = 3 } = {}) {
  const fake = await import(join(ROOT, "packages/fake-cloud/dist/index.js"));
  const live = await import(join(ROOT, "packages/core/dist/sources/live-cluster/index.js"));
  const dir = mkdtempSync(join(tmpdir(), "wid-bench-live-"));
  const t0 = performance.now();
  const scenario = fake.generateScenario();
  const world = await fake.startWorld(scenario, { dir: join(dir, "world") });
  try {
    const exported = await fake.exportWorld(world, join(dir, "export"));
    const startMs = performance.now() - t0;
    process.stderr.write(`started a simulated cluster of ${scenario.description} in ${Math.round(startMs)} ms\n`);
    const env = { PATH: process.env.PATH ?? "", HOME: dir, KUBECONFIG: world.kubeconfigPath };
    const wid = [CLI, "doctor", "-A", "-o", "json", "--azure", exported.azure, "--no-tty"];
    const kubectl = onPath("kubectl") ? ["get", "pods", "-A", "-o", "json"] : undefined;

    // requests per resource, from one read in this process (the count does not depend on where it runs)
    const read = await live.loadLiveCluster({ kubeconfig: world.kubeconfigPath, allNamespaces: true });
    const requests = read.requests;
    const pods = read.objects.filter((o) => o.kind === "Pod").length;

    // warm-up, then interleaved runs so that both meet the same machine
    await run(process.execPath, wid, env);
    if (kubectl) await run("kubectl", kubectl, env);
    const widRuns = [];
    const kubectlRuns = [];
    for (let i = 0; i < reps; i++) {
      widRuns.push(await run(process.execPath, wid, env));
      if (kubectl) kubectlRuns.push(await run("kubectl", kubectl, env));
    }
    return {
      scenario: scenario.description,
      worldStartMs: startMs,
      pods,
      objects: read.objects.length,
      requests,
      totalRequests: Object.values(requests).reduce((a, b) => a + b, 0),
      doctor: { ms: median(widRuns.map((r) => r.ms)), peakMB: Math.max(...widRuns.map((r) => r.peakMB)), runs: widRuns },
      kubectl: kubectl ? { ms: median(kubectlRuns.map((r) => r.ms)), peakMB: Math.max(...kubectlRuns.map((r) => r.peakMB)), runs: kubectlRuns } : { skipped: "kubectl is not on PATH" },
      reps,
    };
  } finally {
    await world.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export const LIVE_AIM_RATIO = 1.5;
