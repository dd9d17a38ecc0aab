import { randomUUID } from "node:crypto";
import type { AccessTokenClaims, AccessTokenVerifier } from "../arm/auth.js";
import { decodeJws, signRs256, verifyRs256 } from "../oidc/jws.js";
import { generateSigningKey, type SigningKey } from "../oidc/keys.js";

/** Access tokens from the v2.0 token endpoint live about an hour. */
export const ACCESS_TOKEN_LIFETIME_SECONDS = 3599;

export interface AccessTokenSubject {
  /** The resource: the scope without `/.default`. */
  audience: string;
  tenantId: string;
  objectId: string;
  clientId: string;
  /** A managed identity's resource id (`xms_mirid`), when the token is for one. */
  managedIdentityId?: string;
}

/** Mints Entra-style v1 access tokens (what ARM receives) and verifies them for the fake ARM. */
export class AccessTokens implements AccessTokenVerifier {
  private constructor(private readonly key: SigningKey) {}

  static async create(): Promise<AccessTokens> {
    return new AccessTokens(await generateSigningKey());
  }

  get jwks(): { keys: unknown[] } {
    return { keys: [{ ...this.key.publicJwk, x5t: this.key.kid }] };
  }

  /** `issuedAt` (seconds since the epoch) back-dates a token, as a stale cache would hold it. */
  issue(subject: AccessTokenSubject, issuedAt?: number): { token: string; expiresIn: number } {
    const now = issuedAt ?? Math.floor(Date.now() / 1000);
    const sts = `https://sts.windows.net/${subject.tenantId}/`;
    const claims: Record<string, unknown> = {
      aud: subject.audience,
      iss: sts,
      iat: now,
      nbf: now,
      exp: now + ACCESS_TOKEN_LIFETIME_SECONDS,
      aio: randomUUID(),
      appid: subject.clientId,
      appidacr: "2",
      idp: sts,
      idtyp: "app",
      oid: subject.objectId,
      rh: "0.fake.",
      sub: subject.objectId,
      tid: subject.tenantId,
      uti: randomUUID().replace(/-/g, "").slice(0, 22),
      ver: "1.0",
      ...(subject.managedIdentityId ? { xms_mirid: subject.managedIdentityId } : {}),
    };
    const token = signRs256({ typ: "JWT", alg: "RS256", x5t: this.key.kid, kid: this.key.kid }, claims, this.key.privateKey);
    return { token, expiresIn: ACCESS_TOKEN_LIFETIME_SECONDS };
  }

  verify(token: string): AccessTokenClaims | undefined {
    const jws = decodeJws(token);
    if (!jws || jws.header["kid"] !== this.key.kid || !verifyRs256(jws, this.key.publicJwk)) return undefined;
    const { aud, oid, appid, tid, exp } = jws.payload;
    if (typeof aud !== "string" || typeof oid !== "string" || typeof appid !== "string" || typeof tid !== "string" || typeof exp !== "number") return undefined;
    return { aud, oid, appid, tid, exp };
  }
}
