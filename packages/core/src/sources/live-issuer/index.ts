/**
 * Runtime evidence about the cluster's OIDC issuer: a token minted through TokenRequest, the
 * discovery document and key set the issuer serves, and whether those keys verify the token.
 */
export { loadIssuerEvidence, type IssuerEvidenceOptions, type IssuerLoad } from "./load.js";
export { checkIssuer, discoveryUrl, type CheckIssuerOptions } from "./evidence.js";
export { mintServiceAccountToken, type MintedToken, type MintOptions } from "./mint.js";
export { kubeConfigOf, type KubeInput } from "./kubeconfig.js";
export { fetchJson, type FetchedJson } from "./fetch-json.js";
