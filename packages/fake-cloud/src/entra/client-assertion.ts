import type { AzIdentity } from "../scenario/types.js";
import type { AzureState } from "../arm/state.js";
import { decodeJws, verifyRs256, type RsaPublicJwk } from "../oidc/jws.js";
import {
  lifetimeTooLong,
  malformedAssertion,
  noMatchingFederatedIdentity,
  oidcEndpointFailed,
  outsideValidTimeRange,
  signatureInvalid,
  signingKeyNotFound,
  type EntraError,
} from "./errors.js";

/** Entra ID refuses external tokens valid for longer than a day and an hour (1.01:00:00). */
export const MAX_ASSERTION_LIFETIME_SECONDS = 25 * 60 * 60;
/** Clock skew tolerated on nbf and exp. */
export const CLOCK_SKEW_SECONDS = 300;

export type FetchIssuerKeys = (issuer: string) => Promise<RsaPublicJwk[] | undefined>;

function audiences(aud: unknown): string[] {
  if (typeof aud === "string") return [aud];
  return Array.isArray(aud) ? aud.filter((a): a is string => typeof a === "string") : [];
}

/**
 * Validates a workload's federated token for a managed identity, in the order Entra ID reports the
 * failures: lifetime, validity window, a federated credential matching issuer, subject and audience
 * exactly, then the issuer's keys (fetched from the issuer) and the signature. Returns the error to
 * answer, or undefined when the assertion is good.
 */
export async function checkClientAssertion(
  assertion: string,
  identity: AzIdentity,
  state: AzureState,
  fetchKeys: FetchIssuerKeys,
  now = Math.floor(Date.now() / 1000),
): Promise<EntraError | undefined> {
  const jws = decodeJws(assertion);
  if (!jws) return malformedAssertion();
  const { iss, sub, aud, exp, nbf, iat } = jws.payload;
  if (typeof iss !== "string" || typeof sub !== "string" || typeof exp !== "number") return malformedAssertion();
  const issuedAt = typeof iat === "number" ? iat : typeof nbf === "number" ? nbf : exp;
  const notBefore = typeof nbf === "number" ? nbf : issuedAt;

  if (exp - issuedAt > MAX_ASSERTION_LIFETIME_SECONDS) return lifetimeTooLong(issuedAt, exp);
  if (now + CLOCK_SKEW_SECONDS < notBefore || now - CLOCK_SKEW_SECONDS >= exp) return outsideValidTimeRange(now, notBefore, exp);

  const presented = audiences(aud);
  const match = state
    .federatedCredentials(identity.id)
    .find((f) => f.issuer === iss && f.subject === sub && presented.some((a) => f.audiences.includes(a)));
  if (!match) return noMatchingFederatedIdentity(iss, sub, presented.join(","));

  const keys = await fetchKeys(iss);
  if (!keys) return oidcEndpointFailed();
  const kid = typeof jws.header["kid"] === "string" ? jws.header["kid"] : undefined;
  const candidates = kid === undefined ? keys : keys.filter((k) => k.kid === kid);
  if (candidates.length === 0) return signingKeyNotFound(kid ?? "", iss);
  if (!candidates.some((k) => verifyRs256(jws, k))) return signatureInvalid(kid ?? "");
  return undefined;
}
