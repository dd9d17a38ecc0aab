import { describe, expect, it } from "vitest";
import { clusterOidcIssuerDisabled } from "../../src/checks/cluster-oidc-issuer-disabled.js";
import { findings, runOne, where } from "../helpers/snapshot.js";
import { aks, at } from "../azure/fixtures.js";

describe("cluster-oidc-issuer-disabled", () => {
  it("flags a cluster with the issuer disabled, with the az aks update command", () => {
    const f = findings(clusterOidcIssuerDisabled, { azure: { "aks.json": aks("aks-prod", { oidc: false }) } });
    expect(f.map(where)).toEqual([`cluster-oidc-issuer-disabled ManagedCluster aks-prod @ ${at("aks.json", {})}`]);
    expect(f[0]!.fixes[0]!.snippet!.text).toContain("--enable-oidc-issuer");
  });

  it("flags an enabled issuer without a URL", () => {
    const f = findings(clusterOidcIssuerDisabled, { azure: { "aks.json": aks("aks-prod", { oidc: true, issuerUrl: null }) } });
    expect(f.map(where)).toEqual([`cluster-oidc-issuer-disabled ManagedCluster aks-prod @ ${at("aks.json", {})}`]);
    expect(f[0]!.evidence).toMatchObject({ actual: { enabled: true, issuerUrl: null } });
  });

  it("judges each exported cluster when none is chosen, and only the chosen one otherwise", () => {
    const clusters = [aks("aks-prod"), aks("aks-dev", { oidc: false })];
    expect(findings(clusterOidcIssuerDisabled, { azure: { "aks.json": clusters } }).map(where)).toEqual([
      `cluster-oidc-issuer-disabled ManagedCluster aks-dev @ ${at("aks.json", clusters, 1)}`,
    ]);
    expect(findings(clusterOidcIssuerDisabled, { azure: { "aks.json": clusters }, options: { clusterName: "aks-prod" } })).toEqual([]);
    // a chosen name that matches no export is "not run", never a pass
    const missing = runOne(clusterOidcIssuerDisabled, { azure: { "aks.json": clusters }, options: { clusterName: "aks-missing" } });
    expect(missing.findings).toEqual([]);
    expect(missing.notRun).toEqual([{ checkId: "cluster-oidc-issuer-disabled", reason: { code: "cluster-unknown", name: "aks-missing", clusters: ["aks-prod", "aks-dev"] } }]);
  });

  it("passes an enabled issuer, and does not run without a cluster export", () => {
    expect(findings(clusterOidcIssuerDisabled, { azure: { "aks.json": aks("aks-prod") } })).toEqual([]);
    expect(runOne(clusterOidcIssuerDisabled, { manifests: { "a.yaml": "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n" } }).notRun).toHaveLength(1);
  });
});
