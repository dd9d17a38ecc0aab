import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorld, type World } from "../../src/world.js";
import { defaultScenario } from "../../src/scenario/default.js";

/** The real kubectl, asynchronously: the world answers from this process. */
function kubectl(world: World, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn("kubectl", ["--kubeconfig", world.kubeconfigPath, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("close", (code) => (code === 0 ? resolve(out) : reject(new Error(`kubectl ${args.join(" ")}: ${err}`))));
  });
}

// An application's log depends on how its pod was set up: the SDK falls back to the node's identity
// only in a pod the webhook left alone.
describe("pod logs of the simulated kubelet", { timeout: 60_000 }, () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld(defaultScenario(), { podStopMs: 50 });
  }, 60_000);
  afterAll(async () => world?.close());

  it("serve a `when: unmutated` line to an unmutated pod only: once the pods are mutated, their log holds none of it", async () => {
    const before = await kubectl(world, ["logs", "deployment/cart", "-n", "shop"]);
    expect(before).toContain("INFO starting cart service");
    expect(before).toContain("ManagedIdentityCredential authentication failed");
    await kubectl(world, ["patch", "deployment", "cart", "-n", "shop", "--type", "merge", "-p", '{"spec":{"template":{"metadata":{"labels":{"azure.workload.identity/use":"true"}}}}}']);
    await kubectl(world, ["rollout", "status", "deployment/cart", "-n", "shop", "--timeout=30s"]);
    const pods = JSON.parse(await kubectl(world, ["get", "pods", "-n", "shop", "-l", "app=cart", "-o", "json"])) as { items: { metadata: { name: string; deletionTimestamp?: string }; spec: { containers: { env?: { name: string }[] }[] } }[] };
    const running = pods.items.filter((p) => !p.metadata.deletionTimestamp);
    expect(running.length).toBeGreaterThan(0);
    for (const p of running) {
      expect(p.spec.containers[0]!.env?.map((e) => e.name)).toContain("AZURE_FEDERATED_TOKEN_FILE");
      const log = await kubectl(world, ["logs", p.metadata.name, "-n", "shop"]);
      expect(log).toContain("INFO starting cart service");
      expect(log).not.toContain("ManagedIdentityCredential");
    }
  });
});
