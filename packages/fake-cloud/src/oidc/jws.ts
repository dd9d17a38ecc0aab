import { createPublicKey, sign, verify, type KeyObject } from "node:crypto";

/** Compact JWS (RFC 7515) signed with RS256: the only algorithm AKS issuers and Entra ID use here. */

export interface RsaPublicJwk {
  kty: "RSA";
  n: string;
  e: string;
  kid?: string;
  use?: string;
  alg?: string;
}

export interface DecodedJws {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signingInput: string;
  signature: Buffer;
}

function b64url(data: string | Buffer): string {
  return Buffer.from(data).toString("base64url");
}

export function signRs256(header: Record<string, unknown>, payload: Record<string, unknown>, privateKey: KeyObject): string {
  const signingInput = `${b64url(JSON.stringify({ ...header, alg: "RS256" }))}.${b64url(JSON.stringify(payload))}`;
  const signature = sign("sha256", Buffer.from(signingInput), privateKey);
  return `${signingInput}.${signature.toString("base64url")}`;
}

function parseSegment(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, "base64url").toString("utf8"));
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Splits and parses a compact JWS without checking its signature; undefined when malformed. */
export function decodeJws(token: string): DecodedJws | undefined {
  const parts = token.split(".");
  if (parts.length !== 3) return undefined;
  const [h, p, s] = parts as [string, string, string];
  const header = parseSegment(h);
  const payload = parseSegment(p);
  if (!header || !payload || s.length === 0) return undefined;
  return { header, payload, signingInput: `${h}.${p}`, signature: Buffer.from(s, "base64url") };
}

export function verifyRs256(jws: DecodedJws, jwk: RsaPublicJwk): boolean {
  if (jws.header["alg"] !== "RS256") return false;
  try {
    const key = createPublicKey({ key: { kty: "RSA", n: jwk.n, e: jwk.e }, format: "jwk" });
    return verify("sha256", Buffer.from(jws.signingInput), key, jws.signature);
  } catch {
    return false;
  }
}
