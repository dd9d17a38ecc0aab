import { createServer, type AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { LiveProgress } from "@wid/core/sources/live";
import type { KubeFaults } from "../../src/scenario/types.js";
import { doctor, findingIds, kubeconfigCopy, read, shop, startWorld, type World } from "./helpers.js";

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

async function withFaults(faults: KubeFaults): Promise<World> {
  world = await startWorld(shop({ faults }));
  return world;
}

describe("the live source on a failing control plane", { timeout: 60_000 }, () => {
  it("waits out 429s for their Retry-After, then reads everything", async () => {
    const w = await withFaults({ throttle: [{ pathContains: "/api/v1/pods?", requests: 2, retryAfterSeconds: 1 }] });
    const seen: LiveProgress[] = [];
    const t0 = performance.now();
    const c = await read(w, { onProgress: (p) => seen.push(p) });
    expect(performance.now() - t0).toBeGreaterThanOrEqual(2_000);
    expect(c.requests["pods"]).toBe(3);
    expect(c.coverage.live!.unread).toEqual([]);
    expect(c.objects.filter((o) => o.kind === "Pod").length).toBeGreaterThan(10);
    expect(seen.at(-1)!.retries).toBe(2);
    expect(seen.at(-1)!.resources.find((r) => r.resource === "pods")).toMatchObject({ requests: 3, state: "done" });
  });

  it("retries 500s and 503s with backoff; a resource that keeps failing is reported unread, the rest is checked", async () => {
    const w = await withFaults({
      errors: [
        { pathContains: "/api/v1/serviceaccounts?", requests: 2, status: 500 },
        { pathContains: "/apis/apps/v1/deployments?", status: 503 },
      ],
    });
    const { snapshot, report } = await doctor(w);
    const unread = snapshot.coverage.live!.unread;
    expect(unread).toEqual([{ resource: "deployments.apps", gap: { code: "unavailable", resource: "deployments.apps", detail: "HTTP 503: the server is currently unable to handle the request" } }]);
    // ServiceAccounts came through on the third try: their findings are there
    expect(findingIds(report)).toContain("sa-annotation-typo ServiceAccount billing/ledger");
    expect(findingIds(report).some((i) => i.includes("Deployment "))).toBe(false);
  });

  it("gives up on a slow answer after the request timeout, and reports it, without hanging", async () => {
    const w = await withFaults({ slow: [{ pathContains: "/api/v1/events", ms: 5_000 }] });
    const t0 = performance.now();
    const c = await read(w, { timeoutMs: 400 });
    expect(performance.now() - t0).toBeLessThan(3_500);
    expect(c.coverage.available.has("runtime.events")).toBe(false);
    expect(c.coverage.gaps.get("runtime.events")).toMatchObject({ code: "timeout", resource: "events" });
    expect(c.coverage.available.has("cluster")).toBe(true);
    expect(c.requests["events"]).toBe(2);
  });

  it("reconnects after a dropped connection; a resource whose connection always drops is reported", async () => {
    const w = await withFaults({ drop: [{ pathContains: "/api/v1/configmaps?", requests: 1 }, { pathContains: "/api/v1/secrets?" }] });
    const c = await read(w);
    expect(c.requests["configmaps"]).toBe(2);
    expect(c.objects.some((o) => o.kind === "ConfigMap")).toBe(true);
    expect(c.coverage.live!.unread).toEqual([{ resource: "secrets", gap: { code: "unavailable", resource: "secrets", detail: expect.stringMatching(/the connection was dropped|other side closed|socket/) } }]);
  });

  it("reports an unreachable server as one input problem, tries nothing else, and returns at once", async () => {
    const w = await withFaults({});
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, "127.0.0.1", () => {
        const { port } = s.address() as AddressInfo;
        s.close(() => resolve(port));
      });
    });
    const kubeconfig = kubeconfigCopy(w, (t) => t.replace(w.urls.kube, `https://127.0.0.1:${port}`));
    const t0 = performance.now();
    const c = await read(w, { kubeconfig });
    expect(performance.now() - t0).toBeLessThan(2_000);
    expect(c.objects).toEqual([]);
    expect(c.requests).toEqual({ namespaces: 2 });
    expect(c.coverage.available.size).toBe(0);
    expect(c.coverage.problems).toEqual([
      { severity: "error", file: `https://127.0.0.1:${port}`, message: `the cluster of context "aks-shop-prod" could not be read: https://127.0.0.1:${port}: connection refused`, hint: expect.stringContaining("kubectl cluster-info") },
    ]);
  });

  it("reports a cluster that does not trust the credentials, with how to get new ones", async () => {
    const w = await withFaults({});
    const kubeconfig = kubeconfigCopy(w, (t) => t.replace(/token: \S+/, "token: not-a-token"));
    const c = await read(w, { kubeconfig });
    expect(c.coverage.problems[0]).toMatchObject({ severity: "error", message: expect.stringContaining("could not be read"), hint: expect.stringContaining("az aks get-credentials") });
    expect(c.requests).toEqual({ namespaces: 1 });
  });

  it("stops when the caller aborts", async () => {
    const w = await withFaults({ slow: [{ pathContains: "/api/v1/pods", ms: 3_000 }] });
    const abort = new AbortController();
    setTimeout(() => abort.abort(new Error("cancelled")), 200);
    await expect(read(w, { signal: abort.signal })).rejects.toThrow("cancelled");
  });
});
