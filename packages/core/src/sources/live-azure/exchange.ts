import { ClientAssertionCredential } from "@azure/identity";
import { formatDuration } from "../../util/duration.js";

export interface ExchangeOptions {
  tenantId: string;
  clientId: string;
  /** The ServiceAccount token to present; never logged or returned. */
  assertion: string;
  /** What to ask for; `https://management.azure.com/.default` by default. */
  scope?: string;
  /** Entra ID; AZURE_AUTHORITY_HOST or the public cloud when omitted. */
  authorityHost?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export type ExchangeResult =
  | { ok: true; scope: string; expiresOn: number }
  /** `code`: the AADSTS number when Entra ID answered with one; `message`: its description without trace ids. */
  | { ok: false; scope: string; code: number | undefined; message: string; timedOut: boolean };

const PUBLIC_AUTHORITY = /^https:\/\/login\.microsoftonline\.com\/?$/i;

/**
 * Exchanges a ServiceAccount token for an Entra ID access token as a workload does
 * (client credentials with a federated client assertion), through @azure/identity. The access
 * token itself is dropped: only its expiry is returned.
 */
export async function exchangeToken(opts: ExchangeOptions): Promise<ExchangeResult> {
  const scope = opts.scope ?? "https://management.azure.com/.default";
  const authorityHost = opts.authorityHost ?? process.env["AZURE_AUTHORITY_HOST"] ?? undefined;
  const credential = new ClientAssertionCredential(opts.tenantId, opts.clientId, async () => opts.assertion, {
    ...(authorityHost ? { authorityHost } : {}),
    ...(authorityHost && !PUBLIC_AUTHORITY.test(authorityHost) ? { disableInstanceDiscovery: true } : {}),
  });
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
    return { ok: true, scope, expiresOn: token.expiresOnTimestamp };
  } catch (err) {
    if (opts.signal?.aborted) throw opts.signal.reason ?? err;
    if (timedOut) return { ok: false, scope, code: undefined, message: `Entra ID did not answer within ${formatDuration(timeoutMs)}`, timedOut: true };
    const text = describe(err);
    const code = /AADSTS(\d+)/.exec(text)?.[1];
    return { ok: false, scope, code: code === undefined ? undefined : Number(code), message: text, timedOut: false };
  } finally {
    clearTimeout(timer);
  }
}

/** Entra ID's error description (or the error's message), without the trace lines it appends. */
function describe(err: unknown): string {
  const e = err as { errorResponse?: { errorDescription?: string }; message?: string };
  const raw = e.errorResponse?.errorDescription ?? e.message ?? String(err);
  const aadsts = /AADSTS\d+:[\s\S]*/.exec(raw)?.[0] ?? raw;
  return aadsts
    .split(/\r?\n/)[0]!
    .replace(/\s*Trace ID:.*$/s, "")
    .trim();
}
