import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assembleSnapshot, emptyRuntimeState, runChecks, type IssuerEvidence } from "@wid/core";
import { allChecks } from "@wid/core/checks";
import { discoveryUrl, loadIssuerEvidence } from "@wid/core/sources/live-issuer";
import { createCertificateAuthority, normalizeScenario, startWorld, type CertificateAuthority, type World } from "../../helpers/fake-azure.js";

let ca: CertificateAuthority;
const worlds: World[] = [];
beforeAll(async () => {
  ca = await createCertificateAuthority();
});
afterAll(async () => {
  await Promise.all(worlds.map((w) => w.close()));
});

async function world(issuer: { trailingSlash?: boolean; faults?: { unreachable?: boolean; rotatedKeys?: boolean } } = {}, latency?: { issuer?: number }): Promise<World> {
  const w = await startWorld(
    normalizeScenario({
      name: "issuer",
      cluster: {
        name: "aks-issuer",
        objects: [{ apiVersion: "v1", kind: "Namespace", metadata: { name: "default" } }],
        users: [{ name: "viewer", rules: [{ verbs: ["get", "list"], resources: ["*"] }] }],
      },
      issuer: { enabled: true, trailingSlash: issuer.trailingSlash ?? true, faults: issuer.faults ?? {} },
      ...(latency ? { faults: { latency } } : {}),
    }),
    { ca, trustInProcess: true },
  );
  worlds.push(w);
  return w;
}

/** What cluster-issuer-unreachable makes of the evidence. */
function judge(e: IssuerEvidence): string[] {
  const snap = assembleSnapshot({ parts: [], live: { objects: [], coverage: { available: new Set(["runtime.issuer"]), gaps: new Map(), problems: [] }, runtime: { ...emptyRuntimeState(), issuers: [e] } } });
  const r = runChecks(snap, allChecks, { only: ["cluster-issuer-unreachable"] });
  expect(r.ran).toEqual(["cluster-issuer-unreachable"]);
  return r.findings.map((f) => f.messageId);
}

describe("loadIssuerEvidence against the simulated cluster and issuer", { timeout: 30_000 }, () => {
  it("mints a token through TokenRequest, fetches discovery and JWKS, and verifies the signature", async () => {
    const w = await world();
    const r = await loadIssuerEvidence({ kube: { kubeconfig: w.kubeconfigPath } });
    expect(r.evidence).toBeDefined();
    const e = r.evidence!;
    expect(e.issuer).toBe(w.urls.issuer);
    expect(e.issuer.endsWith("/")).toBe(true);
    expect(e.discovery).toEqual({ ok: true, url: discoveryUrl(w.urls.issuer), issuer: w.urls.issuer, jwksUri: `${w.urls.issuer}openid/v1/jwks` });
    expect(e.jwks).toEqual({ ok: true, url: `${w.urls.issuer}openid/v1/jwks`, keyIds: w.issuer.publishedKids() });
    expect(e.token).toMatchObject({ verified: true, claims: { iss: w.urls.issuer, sub: "system:serviceaccount:default:default", aud: ["api://AzureADTokenExchange"] } });
    expect(e.token!.claims.exp - e.token!.claims.iat).toBe(600);
    expect(JSON.stringify(e)).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\./);
    expect(r.requests).toBe(3);
    expect(judge(e)).toEqual([]);
  });

  it("records an unreachable issuer, and the check reports it", async () => {
    const w = await world({ faults: { unreachable: true } });
    const started = Date.now();
    const r = await loadIssuerEvidence({ kube: { kubeconfig: w.kubeconfigPath }, timeoutMs: 3000 });
    expect(Date.now() - started).toBeLessThan(3500);
    expect(r.evidence!.discovery).toMatchObject({ ok: false, url: discoveryUrl(w.urls.issuer), error: expect.stringMatching(/connection|socket|reset/i) });
    expect(r.evidence!.token).toMatchObject({ verified: false });
    expect(judge(r.evidence!)).toEqual(["discoveryFailed"]);
  });

  it("records keys that no longer verify the tokens (rotated signing key)", async () => {
    const w = await world({ faults: { rotatedKeys: true } });
    const r = await loadIssuerEvidence({ kube: { kubeconfig: w.kubeconfigPath } });
    expect(r.evidence!.jwks).toMatchObject({ ok: true });
    expect(r.evidence!.token).toMatchObject({ verified: false, error: expect.stringContaining("kid") });
    expect(judge(r.evidence!)).toEqual(["signature"]);
  });

  it("compares the issuer exactly: a trailing slash AKS states and the issuer does not serve is reported", async () => {
    const w = await world({ trailingSlash: false });
    expect(w.urls.issuer.endsWith("/")).toBe(false);
    const stated = `${w.urls.issuer}/`;
    const r = await loadIssuerEvidence({ issuer: stated, kube: { kubeconfig: w.kubeconfigPath } });
    // the same discovery URL with or without the slash (OpenID Connect Discovery strips it)
    expect(r.evidence!.discovery).toMatchObject({ ok: true, url: discoveryUrl(w.urls.issuer), issuer: w.urls.issuer });
    expect(r.evidence!.token).toMatchObject({ verified: true, claims: { iss: w.urls.issuer } });
    expect(judge(r.evidence!)).toEqual(["discoveryIssuer", "tokenIssuer"]);
  });

  it("without permission to create tokens it still fetches the documents of the issuer AKS states", async () => {
    const w = await world();
    const r = await loadIssuerEvidence({ issuer: w.urls.issuer, kube: { kubeconfig: w.kubeconfigPath, context: "viewer@aks-issuer" } });
    expect(r.evidence!.token).toBeUndefined();
    expect(r.evidence!.discovery.ok).toBe(true);
    expect("tokenGap" in r && r.tokenGap).toMatchObject({ code: "forbidden", resource: "serviceaccounts/token of default/default" });
    expect(judge(r.evidence!)).toEqual([]);
  });

  it("without an issuer from AKS or a token, there is no evidence, and the gap says why", async () => {
    const w = await world();
    const r = await loadIssuerEvidence({ kube: { kubeconfig: w.kubeconfigPath, context: "viewer@aks-issuer" } });
    expect(r).toMatchObject({ evidence: undefined, gap: { code: "forbidden" } });
    expect(await loadIssuerEvidence({})).toEqual({ evidence: undefined, requests: 0, gap: { code: "not-given" } });
  });

  it("times a slow issuer out", async () => {
    const w = await world({}, { issuer: 1500 });
    const r = await loadIssuerEvidence({ issuer: w.urls.issuer, timeoutMs: 300 });
    expect(r.evidence!.discovery).toMatchObject({ ok: false, error: "no answer within 300 ms" });
  });

  it("names an unknown context and a missing kubeconfig as the user's mistakes", async () => {
    const w = await world();
    await expect(loadIssuerEvidence({ kube: { kubeconfig: w.kubeconfigPath, context: "nope" } })).rejects.toMatchObject({ name: "UserError", message: 'no context "nope" in the kubeconfig' });
    await expect(loadIssuerEvidence({ kube: { kubeconfig: "/nonexistent/kubeconfig" } })).rejects.toMatchObject({ name: "UserError" });
  });
});
