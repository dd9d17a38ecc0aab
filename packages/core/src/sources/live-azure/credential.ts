import { ClientSecretCredential, DefaultAzureCredential } from "@azure/identity";
import type { TokenCredential } from "@azure/core-auth";
import { failureOf, isAbortBy, type AzureFailure } from "./failures.js";
import type { AzureLiveOptions } from "./options.js";

const PUBLIC_AUTHORITY = /^https:\/\/login\.microsoftonline\.com\/?$/i;

/**
 * The credential chain `az login` users expect (environment, workload identity, managed
 * identity, Azure CLI, Azure Developer CLI, PowerShell). Another authority host (a national
 * cloud, or the simulation) is trusted as given: instance discovery would ask the public cloud.
 */
export function defaultCredential(authorityHost: string | undefined): TokenCredential {
  if (authorityHost === undefined) return new DefaultAzureCredential();
  return new DefaultAzureCredential({ authorityHost, ...(PUBLIC_AUTHORITY.test(authorityHost) ? {} : { disableInstanceDiscovery: true }) });
}

/**
 * The credential an environment names: a service principal's secret (`AZURE_TENANT_ID`,
 * `AZURE_CLIENT_ID`, `AZURE_CLIENT_SECRET`, as the environment credential reads them) from the
 * given environment, else the default chain. A surface that runs with another environment than
 * its process (the demo's simulated world) signs in with it.
 */
export function credentialFromEnv(env: Record<string, string | undefined>, authorityHost: string | undefined): TokenCredential {
  const tenant = env["AZURE_TENANT_ID"];
  const client = env["AZURE_CLIENT_ID"];
  const secret = env["AZURE_CLIENT_SECRET"];
  if (!tenant || !client || !secret) return defaultCredential(authorityHost);
  const discovery = authorityHost === undefined || PUBLIC_AUTHORITY.test(authorityHost) ? {} : { disableInstanceDiscovery: true };
  return new ClientSecretCredential(tenant, client, secret, { ...(authorityHost ? { authorityHost } : {}), ...discovery });
}

/**
 * Signs in once before the first read: without a credential, or with one Entra ID refuses, every
 * read would fail the same way, so the load stops there with one reason.
 */
export async function signIn(credential: TokenCredential, scope: string, opts: Pick<AzureLiveOptions, "timeoutMs" | "signal">): Promise<{ ok: true } | { ok: false; failure: AzureFailure }> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error("timed out"));
  }, timeoutMs);
  const signal = AbortSignal.any([controller.signal, ...(opts.signal ? [opts.signal] : [])]);
  const aborted = new Promise<never>((_, reject) => signal.addEventListener("abort", () => reject(signal.reason), { once: true }));
  aborted.catch(() => undefined);
  try {
    const token = await Promise.race([credential.getToken(scope, { abortSignal: signal }), aborted]);
    if (!token) return { ok: false, failure: { code: "unavailable", resource: "Azure", detail: "the credential gave no token" } };
    return { ok: true };
  } catch (err) {
    if (isAbortBy(opts.signal, err)) throw opts.signal!.reason ?? err;
    const failure = failureOf(asCredentialError(err), "Azure", timedOut, timeoutMs);
    if (failure) return { ok: false, failure };
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

/** Any error a credential throws is a sign-in failure, whatever its class. */
function asCredentialError(err: unknown): unknown {
  if (err instanceof Error && !["CredentialUnavailableError", "AuthenticationError", "AggregateAuthenticationError", "AuthenticationRequiredError"].includes(err.name)) {
    const e = new Error(err.message);
    e.name = "AuthenticationError";
    return e;
  }
  return err;
}
