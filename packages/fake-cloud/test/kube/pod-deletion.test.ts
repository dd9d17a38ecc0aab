import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorld, type World } from "../../src/world.js";
import { defaultScenario } from "../../src/scenario/default.js";
import { KUBECTL, kubectl } from "./helpers/kubectl.js";
import { kubeRequest } from "./helpers/raw.js";

// Graceful deletion as the pod strategy and the kubelet do it: a deleted pod that runs gets a
// deletionTimestamp (now + grace period) and shows as Terminating until its kubelet has stopped it.
describe.skipIf(!KUBECTL)("graceful pod deletion with the real kubectl", { timeout: 60_000 }, () => {
  let world: World;
  const k = (args: string[]) => kubectl(world.kubeconfigPath, args);
  const pods = async (selector: string) => JSON.parse((await k(["get", "pods", "-n", "shop", "-l", selector, "-o", "json"])).stdout).items as any[];

  beforeAll(async () => {
    // Long enough for kubectl to see the pod Terminating on a busy machine.
    world = await startWorld(defaultScenario(), { podStopMs: 4000 });
  }, 60_000);
  afterAll(async () => {
    await world?.close();
  });

  it("keeps a deleted pod Terminating with its grace period, replaces it at once, then lets it go", async () => {
    const before = await pods("app=orders");
    const name: string = before[0].metadata.name;
    const started = Date.now();
    const r = await k(["delete", "pod", name, "-n", "shop", "--wait=false"]);
    expect(r.stdout).toBe(`pod "${name}" deleted\n`);
    const terminating = JSON.parse((await k(["get", "pod", name, "-n", "shop", "-o", "json"])).stdout);
    expect(terminating.metadata.deletionGracePeriodSeconds).toBe(30);
    const deadline = Date.parse(terminating.metadata.deletionTimestamp);
    expect(deadline).toBeGreaterThanOrEqual(Math.floor(started / 1000) * 1000 + 29_000);
    expect(deadline).toBeLessThanOrEqual(Date.now() + 31_000);
    expect((await k(["get", "pod", name, "-n", "shop", "--no-headers"])).stdout).toMatch(new RegExp(`^${name}\\s+\\S+\\s+Terminating\\s`));
    // The ReplicaSet does not count it: its replacement is already there.
    const now = await pods("app=orders");
    expect(now.filter((p) => !p.metadata.deletionTimestamp)).toHaveLength(before.length);
    expect(now.map((p) => p.metadata.name)).toContain(name);
    // kubectl wait --for=delete watches until the kubelet has removed it.
    const waited = await k(["wait", "--for=delete", `pod/${name}`, "-n", "shop", "--timeout=20s"]);
    expect(waited.code).toBe(0);
    expect((await k(["get", "pod", name, "-n", "shop"])).stderr.trim()).toBe(`Error from server (NotFound): pods "${name}" not found`);
  });

  it("deletes at once with --grace-period=0 --force, and a plain delete returns once the pod is gone", async () => {
    const [first] = await pods("app=payments");
    const forced = await k(["delete", "pod", first.metadata.name, "-n", "shop", "--grace-period=0", "--force"]);
    expect(forced.code).toBe(0);
    expect(forced.stderr).toContain("Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated.");
    expect((await k(["get", "pod", first.metadata.name, "-n", "shop"])).code).toBe(1);

    await world.kube.settle();
    const [second] = (await pods("app=payments")).filter((p) => !p.metadata.deletionTimestamp);
    const plain = await k(["delete", "pod", second.metadata.name, "-n", "shop"]);
    expect(plain.stdout).toBe(`pod "${second.metadata.name}" deleted\n`);
    expect((await k(["get", "pod", second.metadata.name, "-n", "shop"])).code).toBe(1);
  });

  it("answers a delete with the terminating pod, and takes a shorter grace period from a second one", async () => {
    await world.kube.settle();
    const [pod] = (await pods("app=orders")).filter((p) => !p.metadata.deletionTimestamp);
    const path = `/api/v1/namespaces/shop/pods/${pod.metadata.name}`;
    const first = await kubeRequest(world, "DELETE", path);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ kind: "Pod", metadata: { name: pod.metadata.name, deletionGracePeriodSeconds: 30 } });
    const second = await kubeRequest(world, "DELETE", `${path}?gracePeriodSeconds=1`);
    expect(second.body.metadata.deletionGracePeriodSeconds).toBe(1);
    expect(Date.parse(second.body.metadata.deletionTimestamp)).toBeLessThan(Date.parse(first.body.metadata.deletionTimestamp));
    // A longer one does not extend it.
    const third = await kubeRequest(world, "DELETE", `${path}?gracePeriodSeconds=60`);
    expect(third.body.metadata.deletionTimestamp).toBe(second.body.metadata.deletionTimestamp);
    await world.kube.settle();
    expect((await kubeRequest(world, "GET", path)).status).toBe(404);
  });
});
