import { HttpMethod, IsomorphicFetchHttpLibrary, RequestContext, type KubeConfig } from "@kubernetes/client-node";
import type { DataGap } from "../../model/finding.js";
import { asRecord, asString } from "../../util/raw.js";
import type { ProgressTracker } from "./progress.js";

/** Why a request failed, once retries are spent. */
export type FailureKind =
  /** The server answered with an error status (403, 404, 500 after retries, ...). */
  | "status"
  /** No answer in time. */
  | "timeout"
  /** No connection: refused, reset, DNS, TLS. */
  | "network"
  /** The kubeconfig's credential (an exec plugin such as kubelogin) could not give a token. */
  | "credentials";

export class KubeRequestError extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    readonly status?: number,
    /** The Status `reason` (Forbidden, NotFound, ...), or the network error code. */
    readonly reason?: string,
  ) {
    super(message);
    this.name = "KubeRequestError";
  }
}

export interface ClientOptions {
  /** Per attempt: a request that has not been answered completely by then is abandoned. */
  timeoutMs: number;
  signal?: AbortSignal;
  /** Requests in flight at most; the rest wait. */
  concurrency: number;
  progress: ProgressTracker;
  /** Waits between attempts; tests and faults shorten it. */
  backoff?: BackoffOptions;
}

export interface BackoffOptions {
  /** First wait after a 5xx or a dropped connection; doubled each attempt, with jitter. */
  baseMs: number;
  maxMs: number;
  /** The most a `Retry-After` is honoured for; longer is waited this long. */
  maxRetryAfterMs: number;
}

const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 250, maxMs: 4_000, maxRetryAfterMs: 30_000 };

/** Attempts per failure kind: throttling is waited out longer than an outage, a timeout is tried twice. */
const ATTEMPTS = { throttled: 6, server: 4, network: 3, timeout: 2 } as const;

/** Network error codes that say the server cannot be reached at all (no point in many retries). */
const UNREACHABLE = new Set(["ECONNREFUSED", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN", "UND_ERR_CONNECT_TIMEOUT"]);
/** TLS failures: retrying changes nothing. */
const TLS = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL|EPROTO/;

export interface GetOptions {
  /** The resource the request reads, for progress and counts (`pods`, `pods/log`). */
  resource: string;
  query?: Record<string, string | number | undefined>;
  accept?: string;
}

/**
 * GET requests to the cluster the kubeconfig context names, through @kubernetes/client-node:
 * its kubeconfig authentication (tokens, client certificates, exec plugins such as kubelogin),
 * TLS settings and HTTP library. Bodies are decoded here as plain JSON, not into the client's
 * model classes: the checks read the objects as the API server sends them, and decoding 10,000
 * pods into classes costs more than the read. Every attempt has a timeout; 429 waits for its
 * `Retry-After`, 5xx and dropped connections back off and try again.
 */
export class KubeClient {
  private readonly http = new IsomorphicFetchHttpLibrary();
  private readonly backoff: BackoffOptions;
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];
  /** One connection pool for every request: client-node makes a new one per call. */
  private dispatcher: ReturnType<RequestContext["getDispatcher"]>;
  private dispatcherSet = false;

  constructor(
    private readonly kc: KubeConfig,
    readonly server: string,
    private readonly opts: ClientOptions,
  ) {
    this.backoff = opts.backoff ?? DEFAULT_BACKOFF;
  }

  /** Whether the caller gave up: every failure after that is the abort, to be passed on, never recorded. */
  get aborted(): boolean {
    return this.opts.signal?.aborted === true;
  }

  async getJson(path: string, o: GetOptions): Promise<Record<string, unknown>> {
    const text = await this.get(path, { accept: "application/json", ...o });
    try {
      return asRecord(JSON.parse(text));
    } catch {
      throw new KubeRequestError("status", `${this.server}${path}: the answer is not JSON`, 200);
    }
  }

  getText(path: string, o: GetOptions): Promise<string> {
    return this.get(path, { accept: "text/plain", ...o });
  }

  private async get(path: string, o: GetOptions): Promise<string> {
    await this.acquire();
    try {
      return await this.attempt(path, o);
    } finally {
      this.release();
    }
  }

  private async attempt(path: string, o: GetOptions): Promise<string> {
    for (let attempt = 1; ; attempt++) {
      this.opts.signal?.throwIfAborted();
      this.opts.progress.request(o.resource, attempt > 1);
      let failure: KubeRequestError;
      let waitMs: number;
      try {
        const res = await this.send(path, o);
        if (res.status >= 200 && res.status < 300) return res.body;
        failure = statusError(res.status, res.body, path);
        const retryAfter = res.status === 429 ? retryAfterMs(res.headers["retry-after"]) : undefined;
        const retryable = res.status === 429 ? attempt < ATTEMPTS.throttled : res.status >= 500 && res.status !== 501 && attempt < ATTEMPTS.server;
        if (!retryable) throw failure;
        waitMs = retryAfter !== undefined ? Math.min(retryAfter, this.backoff.maxRetryAfterMs) : this.backoffMs(attempt);
      } catch (e) {
        if (e instanceof KubeRequestError && e.kind === "status") throw e;
        if (this.opts.signal?.aborted) throw this.opts.signal.reason;
        failure = e instanceof KubeRequestError ? e : transportError(e, this.server);
        if (failure.kind === "credentials" || (failure.kind === "network" && TLS.test(failure.reason ?? ""))) throw failure;
        const max = failure.kind === "timeout" ? ATTEMPTS.timeout : UNREACHABLE.has(failure.reason ?? "") ? 2 : ATTEMPTS.network;
        if (attempt >= max) throw failure;
        waitMs = this.backoffMs(attempt);
      }
      await sleep(waitMs, this.opts.signal);
    }
  }

  private backoffMs(attempt: number): number {
    const exp = Math.min(this.backoff.baseMs * 2 ** (attempt - 1), this.backoff.maxMs);
    return exp / 2 + Math.random() * (exp / 2);
  }

  private async send(path: string, o: GetOptions): Promise<{ status: number; headers: Record<string, string>; body: string }> {
    const ctx = new RequestContext(`${this.server}${path}`, HttpMethod.GET);
    for (const [k, v] of Object.entries(o.query ?? {})) if (v !== undefined) ctx.setQueryParam(k, String(v));
    ctx.setHeaderParam("Accept", o.accept ?? "application/json");
    ctx.setHeaderParam("User-Agent", "kubectl-wid");
    try {
      await this.kc.applySecurityAuthentication(ctx);
    } catch (e) {
      throw new KubeRequestError("credentials", `the credentials of the kubeconfig user could not be obtained: ${firstLine(e)}`);
    }
    if (this.dispatcherSet) ctx.setDispatcher(this.dispatcher!);
    else {
      this.dispatcher = ctx.getDispatcher();
      this.dispatcherSet = true;
    }
    const timeout = AbortSignal.timeout(this.opts.timeoutMs);
    ctx.setSignal(this.opts.signal ? AbortSignal.any([this.opts.signal, timeout]) : timeout);
    try {
      const res = await this.http.send(ctx).toPromise();
      const body = await res.body.text();
      return { status: res.httpStatusCode, headers: res.headers, body };
    } catch (e) {
      if (timeout.aborted && !this.opts.signal?.aborted) {
        throw new KubeRequestError("timeout", `${this.server}: no complete answer within ${Math.round(this.opts.timeoutMs / 1000)} s`, undefined, "timeout");
      }
      throw e;
    }
  }

  private acquire(): Promise<void> {
    if (this.inFlight < this.opts.concurrency) {
      this.inFlight++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.inFlight--;
  }
}

function firstLine(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return message.split("\n")[0]!.trim();
}

/** The Status the server sent, as an error. */
export function statusError(status: number, body: string, path: string): KubeRequestError {
  let message = "";
  let reason: string | undefined;
  try {
    const s = asRecord(JSON.parse(body));
    message = asString(s["message"]) ?? "";
    reason = asString(s["reason"]);
  } catch {
    message = body.slice(0, 200).trim();
  }
  return new KubeRequestError("status", message || `HTTP ${status} for ${path}`, status, reason);
}

/** A failure below HTTP (undici's `fetch failed` and its cause), as an error that says what happened. */
export function transportError(e: unknown, server: string): KubeRequestError {
  const cause = (e as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  const code = cause?.code ?? (e as { code?: string } | undefined)?.code;
  const what =
    code === "ECONNREFUSED"
      ? "connection refused"
      : code === "ENOTFOUND" || code === "EAI_AGAIN"
        ? "the host name does not resolve"
        : code === "ECONNRESET" || code === "UND_ERR_SOCKET" || code === "EPIPE"
          ? "the connection was dropped"
          : code && TLS.test(code)
            ? `TLS: ${cause?.message ?? code}`
            : (cause?.message ?? firstLine(e));
  return new KubeRequestError("network", `${server}: ${what}`, undefined, code);
}

export function retryAfterMs(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal!.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** A failed read as a coverage gap: what could not be read, where, and why. */
export function gapOf(e: unknown, resource: string, namespace?: string): DataGap {
  const where = { resource, ...(namespace !== undefined ? { namespace } : {}) };
  if (!(e instanceof KubeRequestError)) return { code: "unavailable", ...where, detail: firstLine(e) };
  switch (e.kind) {
    case "timeout":
      return { code: "timeout", ...where, detail: e.message };
    case "status":
      if (e.status === 403) return { code: "forbidden", ...where, detail: forbiddenDetail(e.message) };
      if (e.status === 404) return { code: "not-found", ...where, detail: e.message };
      if (e.status === 401) return { code: "unavailable", ...where, detail: "the cluster rejected the kubeconfig's credentials (401 Unauthorized)" };
      return { code: "unavailable", ...where, detail: `HTTP ${e.status}${e.status === 429 ? " (still throttled after retries)" : ""}: ${e.message}` };
    default:
      return { code: "unavailable", ...where, detail: e.message };
  }
}

/** `pods is forbidden: User "x" cannot list resource "pods" ...`: the part after the colon says it all. */
export function forbiddenDetail(message: string): string {
  const i = message.indexOf(" is forbidden: ");
  return i >= 0 ? message.slice(i + " is forbidden: ".length) : message;
}
