import { describe, expect, it } from "vitest";
import { generateScenario } from "../../src/scenario/generate.js";
import { startWorld } from "../../src/world.js";

describe("generated worlds", () => {
  it("hold the requested numbers, with one credential per service account and a few mistakes", () => {
    const s = generateScenario({ pods: 1000, serviceAccounts: 200, identities: 30, namespaces: 10, mistakeEvery: 20 });
    const kinds = (k: string) => s.cluster.objects.filter((o) => o["kind"] === k);
    expect(kinds("ServiceAccount")).toHaveLength(200);
    expect(kinds("Deployment").reduce((n, d) => n + ((d["spec"] as { replicas: number }).replicas), 0)).toBe(1000);
    expect(kinds("Namespace")).toHaveLength(12);
    expect(s.azure.identities).toHaveLength(30);
    // Every 20th service account has a mistake; one kind of them is a missing credential.
    expect(s.azure.federatedCredentials.length).toBeLessThan(200);
    expect(s.azure.federatedCredentials.length).toBeGreaterThan(190);
    const perIdentity = new Map<string, number>();
    for (const f of s.azure.federatedCredentials) perIdentity.set(f.id.split("/federatedIdentityCredentials/")[0]!, (perIdentity.get(f.id.split("/federatedIdentityCredentials/")[0]!) ?? 0) + 1);
    expect(Math.max(...perIdentity.values())).toBeLessThanOrEqual(20);
  });

  it("start at full size: 10,000 pods made by the controllers and mutated by the webhook", { timeout: 240_000 }, async () => {
    const world = await startWorld(generateScenario());
    try {
      const store = world.kube.api.store;
      const pods = store.list("/pods").filter((p) => p.metadata.namespace !== "kube-system");
      expect(pods).toHaveLength(10_000);
      expect(store.count("/serviceaccounts")).toBeGreaterThanOrEqual(2_000);
      expect(world.scenario.azure.identities).toHaveLength(300);
      const labelled = pods.filter((p) => p.metadata.labels?.["azure.workload.identity/use"] === "true");
      expect(labelled.length).toBeGreaterThan(9_000);
      expect(labelled.every((p) => p.spec.containers[0].env?.some((e: { name: string }) => e.name === "AZURE_FEDERATED_TOKEN_FILE"))).toBe(true);
      expect(pods.every((p) => p.status.phase === "Running")).toBe(true);
    } finally {
      await world.close();
    }
  });
});
