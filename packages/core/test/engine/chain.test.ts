import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { identityChains, loadOfflineSnapshot, runChecks, type IdentityChain } from "@wid/core";
import { allChecks } from "@wid/core/checks";

const EXAMPLES = join(import.meta.dirname, "..", "..", "..", "..", "examples");
const NOW = Date.parse("2026-06-01T12:00:00Z");

/** A chain as `kind:name:status[check ids]`, link by link. */
function shape(c: IdentityChain | undefined): string[] {
  return (c?.links ?? []).map((l) => `${l.kind}:${l.object?.name ?? "-"}:${l.status}${l.findings.map((f) => `[${f.checkId}]`).join("")}`);
}

describe("identity chains", async () => {
  const full = await loadOfflineSnapshot({ manifests: [join(EXAMPLES, "manifests")], azure: [join(EXAMPLES, "azure")], now: NOW });
  const chains = identityChains(full, runChecks(full, allChecks));
  const chain = (title: string) => chains.find((c) => c.title === title);

  it("follows a correct workload link by link, every link ok", () => {
    const c = chain("orders/StatefulSet/orders-db");
    expect(c?.status).toBe("ok");
    expect(shape(c)).toEqual([
      "cluster:aks-shop-prod-weu:ok",
      "workload:orders-db:ok",
      "service-account:orders-db:ok",
      "identity:id-orders-db:ok",
      "federated-credential:fic-aks-shop-prod-weu:ok",
      expect.stringMatching(/^role-assignment:[0-9a-f-]{36}:ok$/),
      "target:kv-shop-orders:ok",
    ]);
  });

  it("marks the link each finding breaks, with its findings", () => {
    expect(chain("billing/Deployment/invoice-worker")?.links.find((l) => l.kind === "target")).toMatchObject({ status: "broken", findings: [{ checkId: "rbac-missing-for-target" }] });
    expect(chain("wishlist/Deployment/wishlist-api")?.links.find((l) => l.kind === "federated-credential")).toMatchObject({ status: "broken", findings: [{ checkId: "fic-missing" }] });
    expect(chain("checkout/Deployment/checkout-api")?.links.find((l) => l.kind === "workload")).toMatchObject({ status: "broken", findings: [{ checkId: "pod-label-missing" }] });
    expect(chain("events/Deployment/event-relay")?.links.find((l) => l.kind === "role-assignment")).toMatchObject({ status: "broken", findings: [{ checkId: "rbac-no-assignment" }] });
    expect(chain("reviews/Deployment/reviews-api")?.status).toBe("broken");
  });

  it("stops at a ServiceAccount whose client id names no identity: what follows is unknown", () => {
    expect(shape(chain("catalog/Deployment/catalog-worker")).slice(2)).toEqual(["service-account:catalog-worker:broken[sa-client-id-not-guid]", "identity:-:unknown"]);
  });

  it("says which links it cannot judge without Azure data, and why", async () => {
    const manifestsOnly = await loadOfflineSnapshot({ manifests: [join(EXAMPLES, "manifests")], now: NOW });
    const c = identityChains(manifestsOnly, runChecks(manifestsOnly, allChecks)).find((x) => x.title === "orders/StatefulSet/orders-db");
    expect(c?.links.at(-1)).toMatchObject({ kind: "identity", status: "unknown", unknown: { code: "missing-data", data: "azure.identities" } });
    expect(c?.status).toBe("unknown");
  });
});

describe("identity chains with runtime evidence", () => {
  it("put an error from the logs on the link of the check that explains it", async () => {
    const full = await loadOfflineSnapshot({ manifests: [join(EXAMPLES, "manifests")], azure: [join(EXAMPLES, "azure")], now: NOW });
    const report = runChecks(full, allChecks);
    const workload = { kind: "Deployment", name: "wishlist-api", namespace: "wishlist" };
    const fromLogs = { checkId: "runtime-aadsts-error", messageId: "aadsts", severity: "error" as const, object: workload, workload, message: "AADSTS70021", evidence: { explainedBy: "fic-missing" }, fixes: [] };
    const chains = identityChains(full, { findings: [...report.findings, fromLogs] });
    const fic = chains.find((c) => c.title === "wishlist/Deployment/wishlist-api")!.links.find((l) => l.kind === "federated-credential")!;
    expect(fic.findings.map((f) => f.checkId)).toEqual(["fic-missing", "runtime-aadsts-error"]);
  });
});
