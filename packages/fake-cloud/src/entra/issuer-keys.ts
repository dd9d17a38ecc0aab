import { request } from "node:https";
import type { RsaPublicJwk } from "../oidc/jws.js";

const FETCH_TIMEOUT_MS = 5000;

function getJson(url: string, ca: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "GET", ca, timeout: FETCH_TIMEOUT_MS, headers: { accept: "application/json" } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        if (res.statusCode !== 200) return reject(new Error(`${url}: HTTP ${res.statusCode}`));
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")));
        } catch (err) {
          reject(err instanceof Error ? err : new Error(String(err)));
        }
      });
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error(`${url}: timed out`)));
    req.on("error", reject);
    req.end();
  });
}

function isRsaJwk(k: unknown): k is RsaPublicJwk {
  const o = k as Record<string, unknown> | null;
  return o !== null && typeof o === "object" && o["kty"] === "RSA" && typeof o["n"] === "string" && typeof o["e"] === "string";
}

/**
 * Fetches an external issuer's signing keys as Entra ID does: the discovery document under the
 * token's `iss` (trailing slash trimmed), then its `jwks_uri`, over HTTPS. Undefined when either
 * cannot be fetched or is not what OIDC specifies.
 */
export async function fetchIssuerKeys(issuer: string, ca: string): Promise<RsaPublicJwk[] | undefined> {
  try {
    const base = issuer.replace(/\/+$/, "");
    if (!base.startsWith("https://")) return undefined;
    const discovery = (await getJson(`${base}/.well-known/openid-configuration`, ca)) as Record<string, unknown> | null;
    const jwksUri = discovery?.["jwks_uri"];
    if (typeof jwksUri !== "string") return undefined;
    const jwks = (await getJson(jwksUri, ca)) as Record<string, unknown> | null;
    const keys = jwks?.["keys"];
    return Array.isArray(keys) ? keys.filter(isRsaJwk) : undefined;
  } catch {
    return undefined;
  }
}
