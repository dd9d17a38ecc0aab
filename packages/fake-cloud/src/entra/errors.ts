import { randomUUID } from "node:crypto";

/**
 * An Entra ID (AADSTS) error as the v2.0 endpoints answer it. The description ends with the trace
 * lines Entra appends, and `error_codes` holds the AADSTS number, as MSAL and log classifiers expect.
 */
export class EntraError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly code: number,
    readonly text: string,
  ) {
    super(`AADSTS${code}: ${text}`);
  }

  body(correlationId: string | undefined, authorityHost: string): Record<string, unknown> {
    const now = new Date();
    const timestamp = now.toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z");
    const traceId = randomUUID();
    const correlation = correlationId ?? randomUUID();
    return {
      error: this.error,
      error_description: `AADSTS${this.code}: ${this.text} Trace ID: ${traceId} Correlation ID: ${correlation} Timestamp: ${timestamp}`,
      error_codes: [this.code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlation,
      error_uri: `${authorityHost}error?code=${this.code}`,
    };
  }
}

// Texts as Entra ID words them (from its public error responses).

export function missingParameter(name: string): EntraError {
  return new EntraError(400, "invalid_request", 900144, `The request body must contain the following parameter: '${name}'.`);
}

export function tenantNotFound(tenant: string): EntraError {
  return new EntraError(
    400,
    "invalid_tenant",
    90002,
    `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
  );
}

export function applicationNotFound(clientId: string, tenant: string): EntraError {
  return new EntraError(
    400,
    "unauthorized_client",
    700016,
    `Application with identifier '${clientId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
  );
}

export function unsupportedGrantType(): EntraError {
  return new EntraError(400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type.");
}

export function invalidScope(scope: string): EntraError {
  return new EntraError(
    400,
    "invalid_scope",
    1002012,
    `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
  );
}

export function invalidClientSecret(clientId: string): EntraError {
  return new EntraError(
    401,
    "invalid_client",
    7000215,
    `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
  );
}

export function missingCredential(): EntraError {
  return new EntraError(401, "invalid_client", 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
}

export function malformedAssertion(): EntraError {
  return new EntraError(400, "invalid_request", 50027, "JWT token is invalid or malformed.");
}

export function unsupportedAssertionType(type: string): EntraError {
  return new EntraError(400, "invalid_request", 50027, `Invalid JWT token. Unsupported client_assertion_type '${type}'.`);
}

export function noMatchingFederatedIdentity(issuer: string, subject: string, audience: string): EntraError {
  return new EntraError(
    400,
    "invalid_request",
    70021,
    `No matching federated identity record found for presented assertion. Assertion Issuer: '${issuer}'. Assertion Subject: '${subject}'. Assertion Audience: '${audience}'. https://docs.microsoft.com/en-us/azure/active-directory/develop/workload-identity-federation`,
  );
}

export function lifetimeTooLong(iat: number, exp: number): EntraError {
  return new EntraError(400, "invalid_request", 70023, `External OIDC Provider token must have a lifetime of less than or equal to 1.01:00:00. Token issued at ${iat}. Token expires on ${exp}.`);
}

function dotnetTime(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString().replace(/\.(\d+)Z$/, (_m, ms: string) => `.${ms.padEnd(7, "0")}Z`);
}

export function outsideValidTimeRange(now: number, nbf: number, exp: number): EntraError {
  return new EntraError(
    401,
    "invalid_client",
    700024,
    `Client assertion is not within its valid time range. Current time: ${dotnetTime(now)}, assertion valid from ${dotnetTime(nbf)}, expiry time of assertion ${dotnetTime(exp)}. Review the documentation at https://docs.microsoft.com/azure/active-directory/develop/active-directory-certificate-credentials .`,
  );
}

export function oidcEndpointFailed(): EntraError {
  return new EntraError(400, "invalid_request", 90061, "Request to External OIDC endpoint failed.");
}

export function signingKeyNotFound(kid: string, issuer: string): EntraError {
  return new EntraError(
    401,
    "invalid_client",
    7000272,
    `The certificate with identifier ${kid} used to sign the federated credential could not be found in the metadata of identity provider ${issuer}. Please validate that your Identity Provider's metadata exposes the key used to sign the incoming token.`,
  );
}

export function signatureInvalid(kid: string): EntraError {
  return new EntraError(
    401,
    "invalid_client",
    50013,
    `Assertion failed signature validation. [Reason - The provided signature value did not match the expected signature value., Thumbprint of key used by client: '${kid}']`,
  );
}
