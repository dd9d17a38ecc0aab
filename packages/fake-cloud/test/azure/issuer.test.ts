import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRemoteJWKSet, decodeProtectedHeader, errors, jwtVerify } from "jose";
import { createCertificateAuthority, type CertificateAuthority } from "../../src/tls/ca.js";
import { IN_CLUSTER_ISSUER, startIssuer, type FakeIssuer } from "../../src/oidc/index.js";
import type { IssuerSpec } from "../../src/scenario/types.js";
import { trustCa } from "./helpers/tls.js";
import { mintServiceAccountToken } from "./helpers/sa-token.js";

const tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const spec = (over: Partial<IssuerSpec> = {}): IssuerSpec => ({
  enabled: true,
  path: `/eastus/${tenant}/4f1c2a9e-0b7d-4d4e-9a51-6b2f0c8e7d31`,
  trailingSlash: true,
  faults: {},
  ...over,
});

let ca: CertificateAuthority;
const started: FakeIssuer[] = [];
async function issuerWith(over: Partial<IssuerSpec> = {}): Promise<FakeIssuer> {
  const issuer = await startIssuer({ ca, spec: spec(over) });
  started.push(issuer);
  return issuer;
}

beforeAll(async () => {
  ca = await createCertificateAuthority();
  trustCa(ca.caPem);
});
afterAll(async () => {
  await Promise.all(started.map((s) => s.close()));
});

async function getJson(url: string): Promise<{ status: number; body: unknown; contentType: string | null }> {
  const res = await fetch(url);
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, contentType: res.headers.get("content-type") };
}

describe("OIDC issuer documents", () => {
  it("serves discovery and JWKS in the AKS shapes under an issuer that ends with a slash", async () => {
    const issuer = await issuerWith();
    expect(issuer.issuer).toBe(`${issuer.url}/eastus/${tenant}/4f1c2a9e-0b7d-4d4e-9a51-6b2f0c8e7d31/`);

    const discovery = await getJson(`${issuer.issuer}.well-known/openid-configuration`);
    expect(discovery.status).toBe(200);
    expect(discovery.contentType).toMatch(/^application\/json/);
    expect(discovery.body).toEqual({
      issuer: issuer.issuer,
      jwks_uri: `${issuer.issuer}openid/v1/jwks`,
      response_types_supported: ["id_token"],
      subject_types_supported: ["public"],
      id_token_signing_alg_values_supported: ["RS256"],
    });
    expect(issuer.jwksUri).toBe(`${issuer.issuer}openid/v1/jwks`);

    const jwks = await getJson(issuer.jwksUri);
    expect(jwks.status).toBe(200);
    const keys = (jwks.body as { keys: Record<string, unknown>[] }).keys;
    expect(keys).toHaveLength(1);
    expect(Object.keys(keys[0]!).sort()).toEqual(["alg", "e", "kid", "kty", "n", "use"]);
    expect(keys[0]).toMatchObject({ use: "sig", kty: "RSA", alg: "RS256", e: "AQAB", kid: issuer.signingKid() });
  });

  it("keeps the issuer without a trailing slash when the scenario has none", async () => {
    const issuer = await issuerWith({ trailingSlash: false });
    expect(issuer.issuer.endsWith("/")).toBe(false);
    const discovery = await getJson(`${issuer.issuer}/.well-known/openid-configuration`);
    expect(discovery.body).toMatchObject({ issuer: issuer.issuer, jwks_uri: `${issuer.issuer}/openid/v1/jwks` });
  });

  it("answers 404 for paths that are not the issuer's", async () => {
    const issuer = await issuerWith();
    expect((await getJson(`${issuer.url}/other/.well-known/openid-configuration`)).status).toBe(404);
  });

  it("has no public issuer when the cluster's OIDC issuer is disabled", async () => {
    const issuer = await issuerWith({ enabled: false });
    expect(issuer.issuer).toBe(IN_CLUSTER_ISSUER);
    expect((await getJson(`${issuer.url}${spec().path}/.well-known/openid-configuration`)).status).toBe(404);
  });
});

describe("tokens verified by a standard JOSE library against the served JWKS", () => {
  it("verifies a minted token with its real claims", async () => {
    const issuer = await issuerWith();
    const token = await mintServiceAccountToken(issuer, { namespace: "payments", serviceAccount: "api" });
    const jwks = createRemoteJWKSet(new URL(issuer.jwksUri));
    const { payload, protectedHeader } = await jwtVerify(token, jwks, {
      issuer: issuer.issuer,
      audience: "api://AzureADTokenExchange",
      algorithms: ["RS256"],
    });
    expect(protectedHeader).toEqual({ alg: "RS256", kid: issuer.signingKid() });
    expect(payload.sub).toBe("system:serviceaccount:payments:api");
    expect(Object.keys(payload)).toEqual(["aud", "exp", "iat", "iss", "jti", "kubernetes.io", "nbf", "sub"]);
    expect(payload.aud).toEqual(["api://AzureADTokenExchange"]);
    expect(payload.exp! - payload.iat!).toBe(3600);
    expect(payload["kubernetes.io"]).toMatchObject({ namespace: "payments", serviceaccount: { name: "api" }, pod: { name: expect.any(String) }, node: { name: expect.any(String) } });
  });

  it("fails verification when tokens are signed by a key the JWKS no longer lists", async () => {
    const issuer = await issuerWith({ faults: { rotatedKeys: true } });
    const token = await mintServiceAccountToken(issuer);
    expect(issuer.publishedKids()).not.toContain(decodeProtectedHeader(token).kid);
    const jwks = createRemoteJWKSet(new URL(issuer.jwksUri));
    await expect(jwtVerify(token, jwks, { issuer: issuer.issuer })).rejects.toBeInstanceOf(errors.JWKSNoMatchingKey);
  });

  it("still verifies tokens signed before a rotation that kept the old key", async () => {
    const issuer = await issuerWith();
    const before = await mintServiceAccountToken(issuer);
    await issuer.rotateKeys({ keepOld: true });
    const after = await mintServiceAccountToken(issuer);
    expect(issuer.publishedKids()).toHaveLength(2);
    const jwks = createRemoteJWKSet(new URL(issuer.jwksUri));
    await expect(jwtVerify(before, jwks)).resolves.toBeDefined();
    await expect(jwtVerify(after, jwks)).resolves.toBeDefined();
  });

  it("cannot fetch the JWKS when the issuer is unreachable", async () => {
    const issuer = await issuerWith({ faults: { unreachable: true } });
    const token = await mintServiceAccountToken(issuer);
    const jwks = createRemoteJWKSet(new URL(issuer.jwksUri));
    await expect(jwtVerify(token, jwks)).rejects.toThrow();
    const failure = (await fetch(`${issuer.issuer}.well-known/openid-configuration`).catch((e: unknown) => e)) as Error & { cause?: { code?: string } };
    expect(failure).toBeInstanceOf(TypeError);
    expect(failure.cause?.code).toMatch(/ECONNRESET|UND_ERR_SOCKET/);
  });
});
