export { startEntra, type FakeEntra, type StartEntraOptions, type EntraRequestRecord } from "./server.js";
export { AccessTokens, ACCESS_TOKEN_LIFETIME_SECONDS } from "./access-tokens.js";
export { checkClientAssertion, MAX_ASSERTION_LIFETIME_SECONDS, CLOCK_SKEW_SECONDS } from "./client-assertion.js";
export { EntraError } from "./errors.js";
export { fetchIssuerKeys } from "./issuer-keys.js";
