import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from "jose";
import type { IssuerEvidence } from "../../model/runtime.js";
import { fetchJson } from "./fetch-json.js";
import type { MintedToken } from "./mint.js";

export interface CheckIssuerOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * Where Entra ID looks for an issuer's discovery document: the issuer with any trailing `/`
 * removed, then `/.well-known/openid-configuration` (OpenID Connect Discovery 1.0, section 4).
 */
export function discoveryUrl(issuer: string): string {
  return `${issuer.replace(/\/+$/, "")}/.well-known/openid-configuration`;
}

/**
 * Fetches the issuer's discovery document and the key set at its `jwks_uri`, as Entra ID does
 * when it validates a token, and verifies a minted token's signature against those keys with a
 * standard JOSE library. Judging the result is the checks' job: this only records what was served.
 */
export async function checkIssuer(issuer: string, minted: MintedToken | undefined, opts: CheckIssuerOptions = {}): Promise<{ evidence: IssuerEvidence; requests: number }> {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  let requests = 1;
  const url = discoveryUrl(issuer);
  const evidence: IssuerEvidence = { issuer, discovery: { ok: false, url, error: "not fetched" }, jwks: undefined };
  const doc = await fetchJson(url, timeoutMs, opts.signal);
  if (!doc.ok) {
    evidence.discovery = { ok: false, url, ...(doc.status !== undefined ? { status: doc.status } : {}), error: doc.error };
    if (minted) evidence.token = { verified: false, error: "the issuer's keys could not be fetched", claims: minted.claims };
    return { evidence, requests };
  }
  const d = doc.json as { issuer?: unknown; jwks_uri?: unknown };
  if (typeof d?.jwks_uri !== "string" || typeof d.issuer !== "string") {
    evidence.discovery = { ok: false, url, error: `the discovery document has no ${typeof d?.issuer !== "string" ? "issuer" : "jwks_uri"}` };
    if (minted) evidence.token = { verified: false, error: "the issuer's keys could not be fetched", claims: minted.claims };
    return { evidence, requests };
  }
  evidence.discovery = { ok: true, url, issuer: d.issuer, jwksUri: d.jwks_uri };
  requests++;
  const keys = await fetchJson(d.jwks_uri, timeoutMs, opts.signal);
  const set = keys.ok ? asKeySet(keys.json) : undefined;
  if (!keys.ok) evidence.jwks = { ok: false, url: d.jwks_uri, ...(keys.status !== undefined ? { status: keys.status } : {}), error: keys.error };
  else if (!set) evidence.jwks = { ok: false, url: d.jwks_uri, error: "the key set has no keys array" };
  else evidence.jwks = { ok: true, url: d.jwks_uri, keyIds: set.keys.map((k) => (typeof k.kid === "string" ? k.kid : "")).filter(Boolean) };
  if (minted) evidence.token = set ? await verifySignature(minted, set) : { verified: false, error: "the issuer's keys could not be fetched", claims: minted.claims };
  return { evidence, requests };
}

function asKeySet(json: unknown): JSONWebKeySet | undefined {
  const keys = (json as { keys?: unknown })?.keys;
  return Array.isArray(keys) ? { keys: keys.filter((k): k is JSONWebKeySet["keys"][number] => typeof k === "object" && k !== null) } : undefined;
}

async function verifySignature(minted: MintedToken, set: JSONWebKeySet): Promise<NonNullable<IssuerEvidence["token"]>> {
  try {
    // Only the signature is in question: times and claims are the token's own and were just made.
    await jwtVerify(minted.token, createLocalJWKSet(set), { clockTolerance: 300 });
    return { verified: true, claims: minted.claims };
  } catch (err) {
    return { verified: false, error: verifyError(err), claims: minted.claims };
  }
}

function verifyError(err: unknown): string {
  const code = (err as { code?: string }).code;
  if (code === "ERR_JWKS_NO_MATCHING_KEY") return "no key of the served key set matches the token's key id (kid)";
  if (code === "ERR_JWKS_MULTIPLE_MATCHING_KEYS") return "several keys of the served key set match the token's key id";
  if (code === "ERR_JWS_SIGNATURE_VERIFICATION_FAILED") return "the token's signature does not verify with the served key";
  if (code === "ERR_JWT_EXPIRED") return "the token had expired when it was verified";
  return err instanceof Error ? err.message : String(err);
}
