import { isRestError } from "@azure/core-rest-pipeline";
import type { DataGap } from "../../model/finding.js";
import { redactSecret } from "../../util/redact.js";
import { formatDuration } from "../../util/duration.js";

/** A read of Azure that failed in a way the report can name (the others are bugs and are thrown). */
export type AzureFailure = Extract<DataGap, { resource: string }>;

/** Thrown when the user's signal stopped the load: not a gap, the whole run stops. */
export function isAbortBy(signal: AbortSignal | undefined, err: unknown): boolean {
  return signal?.aborted === true && (err === signal.reason || (err instanceof Error && err.name === "AbortError"));
}

const CREDENTIAL_ERRORS = new Set(["CredentialUnavailableError", "AuthenticationError", "AggregateAuthenticationError", "AuthenticationRequiredError"]);

/**
 * What went wrong with one read, as a data gap; undefined for errors that are not Azure's answer
 * or the network's (a bug in wid), which the caller rethrows.
 */
export function failureOf(err: unknown, resource: string, timedOut: boolean, timeoutMs: number): AzureFailure | undefined {
  if (timedOut) return { code: "timeout", resource, detail: `no answer within ${formatDuration(timeoutMs)}` };
  if (err instanceof Error && CREDENTIAL_ERRORS.has(err.name)) return { code: "unavailable", resource, detail: signInFailure(err) };
  if (!isRestError(err)) return undefined;
  const status = err.statusCode;
  const arm = armError(err);
  const said = arm ? `${arm.code}: ${firstSentence(arm.message)}` : undefined;
  if (status === 403) return { code: "forbidden", resource, ...(said ? { detail: said } : {}) };
  if (status === 404) return { code: "not-found", resource, ...(said ? { detail: said } : {}) };
  if (status === 401) {
    const expired = arm?.code === "ExpiredAuthenticationToken";
    return {
      code: "unavailable",
      resource,
      detail: `${expired ? "the Azure sign-in has expired" : "Azure refused the sign-in"}${said ? ` (${said})` : ""}: sign in again (az login)`,
    };
  }
  if (status === 429) return { code: "unavailable", resource, detail: `Azure Resource Manager throttled the requests and still did after the retries${said ? ` (${said})` : ""}` };
  if (status !== undefined) return { code: "unavailable", resource, detail: `Azure Resource Manager answered ${status}${said ? ` (${said})` : ""}` };
  // No answer at all: refused, reset, DNS, TLS.
  return { code: "unavailable", resource, detail: `no answer from Azure Resource Manager: ${firstSentence(err.message)}` };
}

/** Why signing in to Azure failed, without the chain's stack of messages or anything secret. */
export function signInFailure(err: Error): string {
  const aadsts = /AADSTS\d+:[^\r\n.]*\.?/.exec(err.message)?.[0];
  if (aadsts) return `signing in to Entra ID failed: ${redactSecret(aadsts)}`;
  if (err.name === "CredentialUnavailableError" || err.name === "AggregateAuthenticationError") {
    return "no Azure sign-in was found: run az login, or set AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_CLIENT_SECRET (or AZURE_FEDERATED_TOKEN_FILE), or run where a managed identity is available";
  }
  return `signing in to Azure failed: ${firstSentence(err.message)}`;
}

export function armError(err: { details?: unknown; message: string }): { code: string; message: string } | undefined {
  const d = err.details as { error?: { code?: unknown; message?: unknown }; code?: unknown; message?: unknown } | undefined;
  const e = d?.error ?? d;
  if (e && typeof e.code === "string") return { code: e.code, message: typeof e.message === "string" ? e.message : "" };
  try {
    const parsed = JSON.parse(err.message) as { error?: { code?: string; message?: string } };
    if (parsed.error?.code) return { code: parsed.error.code, message: parsed.error.message ?? "" };
  } catch {
    // not JSON: the message is prose
  }
  return undefined;
}

export function firstSentence(text: string): string {
  const line = text.split(/\r?\n/)[0] ?? "";
  const cut = /^(.*?[^.]\.)(\s|$)/.exec(line)?.[1] ?? line;
  return cut.length > 240 ? `${cut.slice(0, 240)}…` : cut;
}
