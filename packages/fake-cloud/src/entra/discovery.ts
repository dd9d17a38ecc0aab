/** The documents MSAL reads before it asks for a token, in Entra ID's shapes, for one tenant. */

export function tenantDiscovery(authorityHost: string, tenant: string): Record<string, unknown> {
  const base = `${authorityHost}${tenant}`;
  return {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_modes_supported: ["query", "fragment", "form_post"],
    subject_types_supported: ["pairwise"],
    id_token_signing_alg_values_supported: ["RS256"],
    response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
    scopes_supported: ["openid", "profile", "email", "offline_access"],
    issuer: `${base}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: "https://graph.microsoft.com/oidc/userinfo",
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    claims_supported: ["sub", "iss", "cloud_instance_name", "cloud_instance_host_name", "cloud_graph_host_name", "msgraph_host", "aud", "exp", "iat", "auth_time", "acr", "nonce", "preferred_username", "name", "tid", "ver", "at_hash", "c_hash", "email"],
    kerberos_endpoint: `${base}/kerberos`,
    tenant_region_scope: "NA",
    cloud_instance_name: "microsoftonline.com",
    cloud_graph_host_name: "graph.windows.net",
    msgraph_host: "graph.microsoft.com",
    rbac_url: "https://pas.windows.net",
  };
}

/** The v1 document (`/{tenant}/.well-known/openid-configuration`), for clients that still read it. */
export function tenantDiscoveryV1(authorityHost: string, tenant: string): Record<string, unknown> {
  const base = `${authorityHost}${tenant}`;
  return {
    ...tenantDiscovery(authorityHost, tenant),
    token_endpoint: `${base}/oauth2/token`,
    jwks_uri: `${authorityHost}common/discovery/keys`,
    issuer: `https://sts.windows.net/${tenant}/`,
    authorization_endpoint: `${base}/oauth2/authorize`,
    end_session_endpoint: `${base}/oauth2/logout`,
  };
}

/** What `/common/discovery/instance` answers: this host is its own only alias. */
export function instanceDiscovery(authorityHost: string, tenant: string): Record<string, unknown> {
  const host = new URL(authorityHost).host;
  return {
    tenant_discovery_endpoint: `${authorityHost}${tenant}/v2.0/.well-known/openid-configuration`,
    "api-version": "1.1",
    metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
  };
}
