import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { LIVE_ONLY } from "./support/catalog.js";
import { doctor, lineOf, type DoctorResult } from "./support/doctor.js";
import { azJson } from "./support/world.js";

const EXAMPLES = join(import.meta.dirname, "..", "..", "..", "..", "examples");
const NOW = Date.parse("2026-11-28T12:00:00Z");

/** `CHECK KIND NS/NAME @ manifests/FILE:LINE`, LINE holding `needle` after the `after` anchors. */
function m(checkId: string, kind: string, ref: string, file: string, needle: string, ...after: string[]): string {
  return `${checkId} ${kind} ${ref} @ manifests/${file}:${lineOf(join(EXAMPLES, "manifests", file), needle, ...after)}`;
}

/** `CHECK KIND NAME @ azure/FILE:LINE` for the exported element named NAME (its opening brace). */
function a(checkId: string, kind: string, name: string, file: string): string {
  const text = readFileSync(join(EXAMPLES, "azure", file), "utf8");
  const elements = JSON.parse(text) as { name: string }[];
  const index = elements.findIndex((e) => e.name === name);
  if (index < 0) throw new Error(`${file} has no ${name}`);
  const starts = text
    .split("\n")
    .map((l, n) => (l === "  {" ? n + 1 : 0))
    .filter((n) => n > 0);
  return `${checkId} ${kind} ${name} @ azure/${file}:${starts[index]}`;
}

const fics = (identity: string) => `federated-credentials/rg-shop-identities/fic-${identity}.json`;
const FIC = "fic-aks-shop-prod-weu";

/** One line per mistake of examples/README.md. */
const EXPECTED = () => [
  m("pod-label-missing", "Deployment", "checkout/checkout-api", "checkout/checkout-api.yaml", "app: checkout-api", "template:"),
  m("pod-label-on-controller-only", "Deployment", "inventory/inventory-sync", "inventory/kustomize-build-inventory.yaml", "azure.workload.identity/use", "kind: Deployment"),
  m("pod-label-value-invalid", "Deployment", "recommendations/recommender", "recommendations/recommender.yaml", 'azure.workload.identity/use: "enabled"'),
  m("sa-client-id-is-principal-id", "ServiceAccount", "notifications/notifier", "notifications/notifier.yaml", "azure.workload.identity/client-id"),
  m("sa-client-id-unknown", "ServiceAccount", "reviews/reviews-api", "reviews/reviews-api.yaml", "azure.workload.identity/client-id"),
  m("sa-client-id-not-guid", "ServiceAccount", "catalog/catalog-worker", "catalog/helm-template-catalog.yaml", "REPLACE_WITH_CLIENT_ID"),
  m("sa-annotation-typo", "ServiceAccount", "ml/model-server", "ml/model-server.yaml", "azure.workload.identity/tenant_id"),
  m("sa-tenant-mismatch", "ServiceAccount", "fx/rates-api", "fx/rates-api.yaml", "azure.workload.identity/tenant-id"),
  m("sa-token-expiration-invalid", "ServiceAccount", "analytics/spark-history", "analytics/spark-history.yaml", "service-account-token-expiration"),
  m("sa-annotation-on-wrong-object", "Deployment", "returns/returns-api", "returns/returns-api.yaml", "azure.workload.identity/client-id", "kind: Deployment"),
  m("pod-hardcoded-token-path", "Deployment", "media/thumbnailer", "media/thumbnailer.yaml", "value: /var/run/secrets/azure/tokens/azure-identity-token"),
  m("proxy-host-network", "DaemonSet", "gateway/edge-proxy", "gateway/edge-proxy.yaml", "azure.workload.identity/inject-proxy-sidecar"),
  m("migrate-pod-identity", "Deployment", "crm/crm-sync", "crm/crm-sync.yaml", "aadpodidbinding: crm-sync"),
  m("fic-missing", "ServiceAccount", "wishlist/wishlist-api", "wishlist/wishlist-api.yaml", "azure.workload.identity/client-id"),
  m("csi-client-id-mismatch", "SecretProviderClass", "partners/partner-sync-secrets", "partners/partner-sync.yaml", "clientID:"),
  a("fic-issuer-mismatch", "FederatedIdentityCredential", FIC, fics("id-search-indexer")),
  a("fic-subject-mismatch", "FederatedIdentityCredential", FIC, fics("id-shipping-api")),
  a("fic-audience-invalid", "FederatedIdentityCredential", FIC, fics("id-pricing-engine")),
  a("rbac-no-assignment", "ManagedIdentity", "id-event-relay", "identities.json"),
  a("rbac-missing-for-target", "KeyVault", "kv-shop-billing", "keyvaults.json"),
  a("kv-access-policy-mode", "KeyVault", "kv-shop-loyalty", "keyvaults.json"),
];

/** The apps wired correctly, by namespace/name, and their identities. */
const CORRECT = [
  "payments/payments-api",
  "orders/orders-db",
  "reporting/nightly-report",
  "catalog/catalog-web",
  "storefront/storefront-web",
  "storefront/redis",
];

describe("the examples folder (kubectl wid doctor -f examples/manifests --azure examples/azure)", () => {
  let run: DoctorResult;
  beforeAll(async () => {
    run = await doctor({ manifests: [join(EXAMPLES, "manifests")], azure: [join(EXAMPLES, "azure")], now: NOW, root: EXAMPLES });
  });

  it("finds exactly the mistakes the README lists, each where it is written", () => {
    expect(run.findings).toEqual(EXPECTED().sort());
  });

  it("reads every file without a problem", async () => {
    const { loadOfflineSnapshot } = await import("@wid/core");
    const snapshot = await loadOfflineSnapshot({ manifests: [join(EXAMPLES, "manifests")], azure: [join(EXAMPLES, "azure")], now: NOW });
    expect(snapshot.coverage.problems.filter((p) => p.severity !== "info")).toEqual([]);
  });

  it("finds nothing in the correct apps, their identities or their exports", () => {
    const correctIdentities = CORRECT.map((ref) => `id-${ref.split("/")[1]}`);
    const about = run.report.findings.filter((f) => {
      const refs = [f.object, ...(f.workload ? [f.workload] : [])];
      return refs.some(
        (o) =>
          CORRECT.includes(`${o.namespace}/${o.name}`) ||
          correctIdentities.includes(o.name) ||
          correctIdentities.some((i) => o.file?.endsWith(`fic-${i}.json`)),
      );
    });
    expect(about.map((f) => `${f.checkId} ${f.object.kind} ${f.object.namespace ?? ""}/${f.object.name}`)).toEqual([]);
  });

  it("reports as not run exactly the checks that need a live cluster or runtime evidence, and says so", () => {
    expect(run.notRun.map((n) => n.checkId).sort()).toEqual([...LIVE_ONLY].sort());
    for (const n of run.notRun) expect(n.reason, n.checkId).toMatchObject({ code: "missing-data", data: expect.stringMatching(/^(cluster|runtime\.(events|logs|issuer))$/), gap: { code: "not-given" } });
  });

  it("documents every expected check id in the README, and no other", () => {
    const readme = readFileSync(join(EXAMPLES, "README.md"), "utf8");
    const mistakes = readme.slice(readme.indexOf("## Mistakes"), readme.indexOf("## Your own state"));
    // the last column of the table holds the check ids
    const lastCells = mistakes
      .split("\n")
      .filter((l) => l.startsWith("| `"))
      .map((l) => l.split("|").at(-2)!);
    const documented = new Set(lastCells.flatMap((c) => [...c.matchAll(/`([a-z]+(?:-[a-z0-9]+)+)`/g)].map((x) => x[1]!)));
    const expected = new Set(EXPECTED().map((line) => line.split(" ")[0]!));
    expect([...documented].sort()).toEqual([...expected].sort());
  });

  it("holds Azure exports exactly as az prints JSON: sorted keys, two-space indent, final newline", () => {
    const dir = join(EXAMPLES, "azure");
    const exports = readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".json"));
    expect(exports.length).toBeGreaterThan(20);
    for (const f of exports) {
      const text = readFileSync(join(dir, f), "utf8");
      expect(text, f).toBe(azJson(JSON.parse(text)));
    }
  });
});
