import { qualifiedName, resourceGroupOf } from "./ids.js";

/** An ARM error response: `{error: {code, message}}` with its HTTP status (and headers such as Retry-After). */
export class ArmError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  body(): { error: { code: string; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }
}

// The messages below are ARM's own wording, so clients and log classifiers see what they would in Azure.

export function resourceNotFound(id: string): ArmError {
  const rg = resourceGroupOf(id) ?? "";
  return new ArmError(404, "ResourceNotFound", `The Resource '${qualifiedName(id)}' under resource group '${rg}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`);
}

export function resourceGroupNotFound(resourceGroup: string): ArmError {
  return new ArmError(404, "ResourceGroupNotFound", `Resource group '${resourceGroup}' could not be found.`);
}

export function subscriptionNotFound(subscriptionId: string): ArmError {
  return new ArmError(404, "SubscriptionNotFound", `The subscription '${subscriptionId}' could not be found.`);
}

export function authorizationFailed(objectId: string, action: string, scope: string): ArmError {
  return new ArmError(
    403,
    "AuthorizationFailed",
    `The client '${objectId}' with object id '${objectId}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
  );
}

export function subscriptionThrottled(subscriptionId: string, objectId: string, access: "read" | "write", retryAfterSeconds: number): ArmError {
  return new ArmError(
    429,
    "SubscriptionRequestsThrottled",
    `Number of '${access}' requests for subscription '${subscriptionId}' actor '${objectId}' exceeded. Please try again after '${retryAfterSeconds}' seconds after additional tokens are available. Refer to https://aka.ms/arm-throttling`,
    { "retry-after": String(retryAfterSeconds), [`x-ms-ratelimit-remaining-subscription-${access === "read" ? "reads" : "writes"}`]: "0" },
  );
}

export function missingApiVersion(): ArmError {
  return new ArmError(400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.");
}

export function methodNotAllowed(method: string): ArmError {
  return new ArmError(405, "MethodNotAllowed", `The requested resource does not support http method '${method}'.`);
}

export function noRoute(path: string): ArmError {
  return new ArmError(404, "NotFound", `No HTTP resource was found that matches the request URI '${path}'.`);
}

export function invalidRequestContent(detail: string): ArmError {
  return new ArmError(400, "InvalidRequestContent", `The request content was invalid and could not be deserialized: '${detail}'.`);
}

/**
 * ARM's answer when it (or the provider behind it) failed: 500 InternalServerError with its
 * diagnostic line, or the gateway errors of a provider that did not answer.
 */
export function serverError(status: number, subscriptionId: string, correlationId: string): ArmError {
  if (status === 500) {
    return new ArmError(
      500,
      "InternalServerError",
      `Encountered internal server error. Diagnostic information: timestamp '${new Date().toISOString().replace(/[-:T.Z]/g, "").slice(0, 14)}', subscription id '${subscriptionId}', tracking id '${correlationId}', request correlation id '${correlationId}'.`,
    );
  }
  if (status === 504) return new ArmError(504, "GatewayTimeout", "The gateway did not receive a response from 'Microsoft.ManagedIdentity' within the specified time period.");
  if (status === 503) return new ArmError(503, "ServiceUnavailable", "The server is currently unable to handle the request due to a temporary overloading or maintenance of the server.");
  return new ArmError(status, "BadGateway", "The gateway received an invalid response from the upstream server.");
}
