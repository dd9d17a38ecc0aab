import type { IncomingMessage } from "node:http";
import { ArmError } from "./errors.js";

/** The caller of an ARM request, from its access token. */
export interface Caller {
  objectId: string;
  clientId: string;
  tenantId: string;
}

/** Claims ARM reads from an Entra ID access token. */
export interface AccessTokenClaims {
  aud: string;
  oid: string;
  appid: string;
  tid: string;
  exp: number;
}

/** Checks that a bearer token was signed by the (fake) Entra ID; undefined when not, or malformed. */
export interface AccessTokenVerifier {
  verify(token: string): AccessTokenClaims | undefined;
}

/** The audiences ARM accepts, plus the fake's own URL: SDKs given a custom endpoint ask for `${endpoint}/.default`. */
export function armAudiences(ownUrl: string): string[] {
  const base = ["https://management.core.windows.net/", "https://management.core.windows.net", "https://management.azure.com/", "https://management.azure.com"];
  return [...base, ownUrl, `${ownUrl}/`];
}

function unauthorized(code: string, message: string, authorityHost: string, description: string): ArmError {
  return new ArmError(401, code, message, {
    "www-authenticate": `Bearer authorization_uri="${authorityHost}", error="invalid_token", error_description="${description}"`,
  });
}

function armTime(epochSeconds: number): string {
  // ARM prints times in .NET's invariant format, e.g. 11/28/2026 5:53:29 PM.
  const d = new Date(epochSeconds * 1000);
  const h = d.getUTCHours();
  const pad = (n: number): string => String(n).padStart(2, "0");
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${h % 12 || 12}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${h < 12 ? "AM" : "PM"}`;
}

/** Authenticates a request as ARM does, or throws the 401 ARM would answer. */
export function authenticate(
  req: IncomingMessage,
  opts: { verifier: AccessTokenVerifier; ownUrl: string; tenantId: string; authorityHost: string },
): Caller {
  const header = req.headers.authorization;
  if (header === undefined) {
    throw unauthorized("AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.", opts.authorityHost, "The authentication failed because of missing 'Authorization' header.");
  }
  const m = /^Bearer\s+(\S+)$/i.exec(header);
  if (!m?.[1]) {
    throw unauthorized("AuthenticationFailed", "Authentication failed. The 'Authorization' header is provided in an invalid format.", opts.authorityHost, "The authentication failed because of invalid 'Authorization' header.");
  }
  const claims = opts.verifier.verify(m[1]);
  if (!claims) {
    throw unauthorized("InvalidAuthenticationToken", "The access token is invalid.", opts.authorityHost, "The access token is invalid.");
  }
  const now = Math.floor(Date.now() / 1000);
  if (claims.exp <= now) {
    throw unauthorized(
      "ExpiredAuthenticationToken",
      `The access token expiry UTC time '${armTime(claims.exp)}' is earlier than current UTC time '${armTime(now)}'.`,
      opts.authorityHost,
      "The access token expiry UTC time is earlier than current UTC time.",
    );
  }
  const audiences = armAudiences(opts.ownUrl);
  if (!audiences.includes(claims.aud)) {
    throw unauthorized(
      "InvalidAuthenticationTokenAudience",
      `The access token has been obtained for wrong audience or resource '${claims.aud}'. It should exactly match with one of the allowed audiences ${audiences
        .slice(0, 4)
        .map((a) => `'${a}'`)
        .join(",")}.`,
      opts.authorityHost,
      "The access token has been obtained for wrong audience or resource.",
    );
  }
  if (claims.tid.toLowerCase() !== opts.tenantId.toLowerCase()) {
    throw unauthorized(
      "InvalidAuthenticationTokenTenant",
      `The access token is from the wrong issuer 'https://sts.windows.net/${claims.tid}/'. It must match the tenant 'https://sts.windows.net/${opts.tenantId}/' associated with this subscription. Please use the authority (URL) 'https://login.windows.net/${opts.tenantId}' to get the token. Note, if the subscription is transferred to another tenant there is no impact to the services, but information about new tenant could take time to propagate (up to an hour). If you just transferred your subscription and see this error message, please try back later.`,
      opts.authorityHost,
      "The access token is from the wrong issuer.",
    );
  }
  return { objectId: claims.oid, clientId: claims.appid, tenantId: claims.tid };
}
