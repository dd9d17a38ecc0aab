/**
 * `verifyServiceAccount`: proves a ServiceAccount can get an Entra ID token (TokenRequest, the
 * issuer's documents, the exchange) and reads its chain so that the checks can explain a failure.
 */
export { verifyServiceAccount, STAND_IN_POD, type VerifyOptions, type VerifyOutcome, type TenantSource } from "./verify.js";
export { liveObject } from "./live-object.js";
