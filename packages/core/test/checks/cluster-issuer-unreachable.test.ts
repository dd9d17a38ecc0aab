import { describe, expect, it } from "vitest";
import { assembleSnapshot, emptyRuntimeState, parseAzurePart, runChecks, type IssuerEvidence, type Snapshot } from "@wid/core";
import { clusterIssuerUnreachable } from "../../src/checks/cluster-issuer-unreachable.js";
import { aks } from "../azure/fixtures.js";

const ISSUER = "https://eastus.oic.prod-aks.azure.com/tenant/guid/";
const JWKS = `${ISSUER}openid/v1/jwks`;
const claims = (iss = ISSUER) => ({ iss, sub: "system:serviceaccount:default:default", aud: ["api://AzureADTokenExchange"], exp: 2_000_000_600, iat: 2_000_000_000 });
const good = (): IssuerEvidence => ({
  issuer: ISSUER,
  discovery: { ok: true, url: `${ISSUER}.well-known/openid-configuration`, issuer: ISSUER, jwksUri: JWKS },
  jwks: { ok: true, url: JWKS, keyIds: ["k1"] },
  token: { verified: true, claims: claims() },
});

function snap(issuers: IssuerEvidence[], withCluster = true): Snapshot {
  const runtime = { ...emptyRuntimeState(), issuers };
  return assembleSnapshot({
    parts: withCluster ? [parseAzurePart("aks.json", JSON.stringify(aks("aks-prod", { issuerUrl: ISSUER })))] : [],
    live: { objects: [], coverage: { available: new Set(["runtime.issuer"]), gaps: new Map(), problems: [] }, runtime },
  });
}

const run = (s: Snapshot) => runChecks(s, [clusterIssuerUnreachable]);
const ids = (s: Snapshot) => run(s).findings.map((f) => `${f.messageId} ${f.object.kind} ${f.object.name}`);

describe("cluster-issuer-unreachable", () => {
  it("passes an issuer that serves both documents and whose keys verify a minted token", () => {
    const r = run(snap([good()]));
    expect(r.ran).toEqual(["cluster-issuer-unreachable"]);
    expect(r.findings).toEqual([]);
  });

  it("reports a discovery document that cannot be fetched, on the AKS cluster that states the issuer", () => {
    const e = good();
    e.discovery = { ok: false, url: e.discovery.url, error: "connection refused" };
    e.jwks = undefined;
    e.token = { verified: false, error: "the issuer's keys could not be fetched", claims: claims() };
    const f = run(snap([e])).findings;
    expect(f.map((x) => `${x.messageId} ${x.object.kind} ${x.object.name}`)).toEqual(["discoveryFailed ManagedCluster aks-prod"]);
    expect(f[0]!.evidence).toMatchObject({ actual: "connection refused" });
  });

  it("names the issuer itself when no AKS cluster states it", () => {
    const e = good();
    e.discovery = { ok: false, url: e.discovery.url, status: 404, error: "answered 404" };
    expect(ids(snap([e], false))).toEqual([`discoveryFailed OIDCIssuer ${ISSUER}`]);
  });

  it("reports a discovery document that names another issuer, calling out a trailing slash alone", () => {
    const e = good();
    e.discovery = { ok: true, url: e.discovery.url, issuer: ISSUER.slice(0, -1), jwksUri: JWKS };
    const f = run(snap([e])).findings;
    expect(f.map((x) => x.messageId)).toEqual(["discoveryIssuer"]);
    expect(f[0]!.message).toContain("trailing slash");
  });

  it("reports a key set that cannot be fetched or is empty", () => {
    const failed = good();
    failed.jwks = { ok: false, url: JWKS, status: 403, error: "answered 403" };
    const empty = good();
    empty.jwks = { ok: true, url: JWKS, keyIds: [] };
    expect(ids(snap([failed]))).toEqual(["jwksFailed ManagedCluster aks-prod"]);
    expect(ids(snap([empty]))).toEqual(["jwksEmpty ManagedCluster aks-prod"]);
  });

  it("reports keys that do not verify a minted token (rotated signing key)", () => {
    const e = good();
    e.token = { verified: false, error: "no key of the served key set matches the token's key id (kid)", claims: claims() };
    const f = run(snap([e])).findings;
    expect(f.map((x) => x.messageId)).toEqual(["signature"]);
    expect(f[0]!.evidence).toMatchObject({ keyIds: ["k1"] });
  });

  it("reports tokens signed as another issuer than the one AKS states", () => {
    const e = good();
    e.token = { verified: true, claims: claims("https://kubernetes.default.svc.cluster.local") };
    expect(run(snap([e])).findings.map((x) => x.messageId)).toEqual(["tokenIssuer"]);
  });

  it("does not run without issuer evidence, and says why", () => {
    const s = assembleSnapshot({ parts: [], live: { objects: [], coverage: { available: new Set(), gaps: new Map([["runtime.issuer", { code: "forbidden", resource: "serviceaccounts/token of default/default" }]]), problems: [] } } });
    expect(run(s).notRun).toEqual([{ checkId: "cluster-issuer-unreachable", reason: { code: "missing-data", data: "runtime.issuer", gap: { code: "forbidden", resource: "serviceaccounts/token of default/default" } } }]);
  });
});
