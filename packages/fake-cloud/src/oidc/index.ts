export { startIssuer, IN_CLUSTER_ISSUER, type FakeIssuer } from "./issuer.js";
export { serviceAccountTokenClaims, type ServiceAccountTokenRequest } from "./claims.js";
export { discoveryDocument, underIssuer } from "./documents.js";
export { signRs256, decodeJws, verifyRs256, type DecodedJws, type RsaPublicJwk } from "./jws.js";
