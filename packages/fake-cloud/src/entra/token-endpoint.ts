import type { AzureState } from "../arm/state.js";
import { ACCESS_TOKEN_LIFETIME_SECONDS, type AccessTokens } from "./access-tokens.js";
import { checkClientAssertion, type FetchIssuerKeys } from "./client-assertion.js";
import {
  applicationNotFound,
  invalidClientSecret,
  invalidScope,
  missingCredential,
  missingParameter,
  unsupportedAssertionType,
  unsupportedGrantType,
  type EntraError,
} from "./errors.js";

const JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

export interface TokenResponse {
  token_type: "Bearer";
  expires_in: number;
  ext_expires_in: number;
  access_token: string;
}

export interface TokenEndpointDeps {
  state: AzureState;
  tokens: AccessTokens;
  fetchIssuerKeys: FetchIssuerKeys;
}

function sameGuid(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** The resource a client-credentials scope names; Entra only accepts `<resource>/.default` there. */
function resourceOf(scope: string): string | EntraError {
  const first = scope.trim().split(/\s+/)[0] ?? "";
  if (!first.endsWith("/.default")) return invalidScope(scope);
  return first.slice(0, -"/.default".length);
}

/**
 * POST /{tenant}/oauth2/v2.0/token for the client-credentials grant, the only one a workload or a
 * service principal uses here: with a client secret (service principals) or a federated client
 * assertion (managed identities with a federated identity credential).
 */
export async function tokenRequest(tenant: string, form: URLSearchParams, deps: TokenEndpointDeps): Promise<TokenResponse | EntraError> {
  const grantType = form.get("grant_type");
  if (!grantType) return missingParameter("grant_type");
  if (grantType !== "client_credentials") return unsupportedGrantType();
  const clientId = form.get("client_id");
  if (!clientId) return missingParameter("client_id");
  const scope = form.get("scope");
  if (!scope) return missingParameter("scope");
  const resource = resourceOf(scope);
  if (typeof resource !== "string") return resource;

  const inTenant = sameGuid(tenant, deps.state.tenantId);
  const assertion = form.get("client_assertion");
  const secret = form.get("client_secret");

  if (assertion !== null) {
    const assertionType = form.get("client_assertion_type");
    if (!assertionType) return missingParameter("client_assertion_type");
    if (assertionType !== JWT_BEARER) return unsupportedAssertionType(assertionType);
    const identity = deps.state.identityByClientId(clientId);
    if (!identity || !sameGuid(identity.tenantId, tenant)) return applicationNotFound(clientId, tenant);
    const failure = await checkClientAssertion(assertion, identity, deps.state, deps.fetchIssuerKeys);
    if (failure) return failure;
    return respond(deps.tokens, { audience: resource, tenantId: identity.tenantId, objectId: identity.principalId, clientId: identity.clientId, managedIdentityId: identity.id });
  }

  const principal = inTenant ? deps.state.principalByClientId(clientId) : undefined;
  if (!principal) return applicationNotFound(clientId, tenant);
  if (secret === null) return missingCredential();
  if (secret !== principal.clientSecret) return invalidClientSecret(clientId);
  return respond(deps.tokens, { audience: resource, tenantId: deps.state.tenantId, objectId: principal.objectId, clientId: principal.clientId });
}

function respond(tokens: AccessTokens, subject: Parameters<AccessTokens["issue"]>[0]): TokenResponse {
  const { token } = tokens.issue(subject);
  return { token_type: "Bearer", expires_in: ACCESS_TOKEN_LIFETIME_SECONDS, ext_expires_in: ACCESS_TOKEN_LIFETIME_SECONDS, access_token: token };
}
