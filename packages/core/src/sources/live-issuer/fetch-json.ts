import { formatDuration } from "../../util/duration.js";
/** The answer of one GET: JSON, or why there is none. */
export type FetchedJson = { ok: true; json: unknown } | { ok: false; status?: number; error: string };

/** Documents larger than this are not an issuer's discovery document or key set. */
const MAX_BYTES = 1 << 20;

/** GETs a JSON document over HTTPS within `timeoutMs`, following redirects as Entra ID does. */
export async function fetchJson(url: string, timeoutMs: number, signal?: AbortSignal): Promise<FetchedJson> {
  const timeout = AbortSignal.timeout(timeoutMs);
  try {
    const res = await fetch(url, { headers: { accept: "application/json" }, redirect: "follow", signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
    const text = await res.text();
    if (!res.ok) return { ok: false, status: res.status, error: `answered ${res.status}${res.statusText ? ` ${res.statusText}` : ""}` };
    if (text.length > MAX_BYTES) return { ok: false, status: res.status, error: "answered with more than 1 MiB, not a JSON document of an issuer" };
    try {
      return { ok: true, json: JSON.parse(text) };
    } catch {
      return { ok: false, status: res.status, error: `answered ${res.status} with a body that is not JSON` };
    }
  } catch (err) {
    if (signal?.aborted) throw signal.reason ?? err;
    if (timeout.aborted) return { ok: false, error: `no answer within ${formatDuration(timeoutMs)}` };
    return { ok: false, error: networkError(err) };
  }
}

/** fetch's "fetch failed", made precise from its cause (refused, reset, unknown host, certificate). */
function networkError(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code;
  const known: Record<string, string> = {
    ECONNREFUSED: "connection refused",
    ECONNRESET: "connection reset",
    ENOTFOUND: "host not found",
    EAI_AGAIN: "host name lookup failed",
    ETIMEDOUT: "connection timed out",
    UND_ERR_SOCKET: "connection closed before an answer",
    UND_ERR_CONNECT_TIMEOUT: "connection timed out",
  };
  if (code && known[code]) return known[code];
  if (code) return `${code}${cause?.message ? `: ${cause.message}` : ""}`;
  return cause?.message ?? (err instanceof Error ? err.message : String(err));
}
