/** The two documents an AKS OIDC issuer serves, in the shapes AKS serves them. */

/** `{issuer}` plus a path, with exactly one `/` between them whether or not the issuer ends with one. */
export function underIssuer(issuer: string, path: string): string {
  return `${issuer.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`;
}

export function discoveryDocument(issuer: string): Record<string, unknown> {
  return {
    issuer,
    jwks_uri: underIssuer(issuer, "openid/v1/jwks"),
    response_types_supported: ["id_token"],
    subject_types_supported: ["public"],
    id_token_signing_alg_values_supported: ["RS256"],
  };
}
