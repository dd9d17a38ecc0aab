import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DATA_KEYS, describeNotRun } from "@wid/core";
import { catalogRows, LIVE_ONLY } from "./support/catalog.js";
import { doctor } from "./support/doctor.js";
import { kustomizeForm } from "./support/forms/kustomize.js";

const EXAMPLES = join(import.meta.dirname, "..", "..", "..", "..", "examples");
const NOW = Date.parse("2026-11-28T12:00:00Z");

/** Checks whose catalog data needs Azure state and that manifests cannot stand in for. */
const AZURE_ONLY = catalogRows()
  .filter((r) => r.data.includes("A") && !r.data.includes("M") && !LIVE_ONLY.includes(r.id))
  .map((r) => r.id);

describe("manifests without --azure", () => {
  it("reports every Azure check as not run, naming the az command that exports its data", async () => {
    const run = await doctor({ manifests: [join(EXAMPLES, "manifests")], now: NOW, root: EXAMPLES });
    const notRun = new Map(run.notRun.map((n) => [n.checkId, n.reason]));
    expect([...notRun.keys()].sort()).toEqual([...AZURE_ONLY, ...LIVE_ONLY].sort());
    for (const id of AZURE_ONLY) {
      const reason = notRun.get(id);
      expect(reason, id).toMatchObject({ code: "missing-data", gap: { code: "not-given" } });
      // each surface names the az command whose JSON holds the missing data
      expect(reason?.code === "missing-data" && DATA_KEYS[reason.data].export, id).toMatch(/^az [a-z]+( [a-z-]+)*/);
    }
  });

  it("still finds every mistake the manifests show on their own", async () => {
    const run = await doctor({ manifests: [join(EXAMPLES, "manifests")], now: NOW, root: EXAMPLES });
    expect(run.findings.map((f) => f.split(" ").slice(0, 3).join(" "))).toEqual(
      [
        "csi-client-id-mismatch SecretProviderClass partners/partner-sync-secrets",
        "migrate-pod-identity Deployment crm/crm-sync",
        "pod-hardcoded-token-path Deployment media/thumbnailer",
        "pod-label-missing Deployment checkout/checkout-api",
        "pod-label-on-controller-only Deployment inventory/inventory-sync",
        "pod-label-value-invalid Deployment recommendations/recommender",
        "proxy-host-network DaemonSet gateway/edge-proxy",
        "sa-annotation-on-wrong-object Deployment returns/returns-api",
        "sa-annotation-typo ServiceAccount ml/model-server",
        "sa-client-id-not-guid ServiceAccount catalog/catalog-worker",
        "sa-token-expiration-invalid ServiceAccount analytics/spark-history",
      ].sort(),
    );
  });

  it("gives the same reasons for kustomize output on standard input, and finds nothing in it", async () => {
    const run = await doctor({ manifests: ["-"], stdin: kustomizeForm.manifests()["-"]!, now: NOW, root: EXAMPLES });
    expect(run.findings).toEqual([]);
    const reasons = new Map(run.notRun.map((n) => [n.checkId, describeNotRun(n.reason)]));
    expect(reasons.get("fic-missing")).toMatch(/`az identity/);
    expect(reasons.get("rbac-no-assignment")).toMatch(/`az (identity|role assignment)/);
    expect(reasons.get("cluster-oidc-issuer-disabled")).toMatch(/`az aks show/);
  });
});
