import { HttpMethod, IsomorphicFetchHttpLibrary, RequestContext, type KubeConfig } from "@kubernetes/client-node";
import { KubeRequestError, retryAfterMs, sleep, statusError, transportError } from "../../sources/live-cluster/client.js";
import { asRecord } from "../../util/raw.js";

export interface KubeWriterOptions {
  /** Per attempt: an answer not complete by then is abandoned. */
  timeoutMs: number;
  /** Cuts short the waits between attempts; a request in flight is left to finish (see LiveTargets.signal). */
  signal?: AbortSignal;
  /** The most a `Retry-After` is waited for. */
  maxRetryAfterMs?: number;
}

export interface KubeAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** Attempts of a request the server throttled (429 is answered before anything is done). */
const THROTTLED_ATTEMPTS = 5;
/** Attempts of a read whose connection failed or whose server answered 5xx. */
const READ_ATTEMPTS = 3;

/**
 * Reads and writes of single objects on the cluster of a kubeconfig context, through
 * @kubernetes/client-node's authentication (tokens, client certificates, exec plugins) and HTTP
 * library, with a timeout on every attempt. A write is tried again only after a 429 (the server
 * did nothing); a read also after a 5xx or a dropped connection. A write whose connection is lost
 * is not sent again: the caller reads the object to tell whether it landed.
 */
export class KubeWriter {
  private readonly http = new IsomorphicFetchHttpLibrary();

  constructor(
    private readonly kc: KubeConfig,
    readonly server: string,
    private readonly opts: KubeWriterOptions,
  ) {}

  get(path: string): Promise<KubeAnswer> {
    return this.request(HttpMethod.GET, path, {});
  }

  /** A JSON merge patch, with the query (`fieldManager`, `dryRun`) given. */
  mergePatch(path: string, patch: Record<string, unknown>, query: Record<string, string>): Promise<KubeAnswer> {
    return this.request(HttpMethod.PATCH, path, { query, body: JSON.stringify(patch), contentType: "application/merge-patch+json" });
  }

  /** Creates an object in its collection. */
  create(collectionPath: string, object: Record<string, unknown>, query: Record<string, string>): Promise<KubeAnswer> {
    return this.request(HttpMethod.POST, collectionPath, { query, body: JSON.stringify(object), contentType: "application/json" });
  }

  private async request(method: HttpMethod, path: string, o: { query?: Record<string, string>; body?: string; contentType?: string }): Promise<KubeAnswer> {
    const read = method === HttpMethod.GET;
    for (let attempt = 1; ; attempt++) {
      let res: { status: number; headers: Record<string, string>; body: string };
      try {
        res = await this.send(method, path, o);
      } catch (e) {
        const failure = e instanceof KubeRequestError ? e : transportError(e, this.server);
        if (!read || failure.kind === "credentials" || attempt >= READ_ATTEMPTS) throw failure;
        await sleep(250 * attempt, this.opts.signal);
        continue;
      }
      if (res.status >= 200 && res.status < 300) {
        try {
          return { status: res.status, body: asRecord(JSON.parse(res.body)) };
        } catch {
          throw new KubeRequestError("status", `${this.server}${path}: the answer is not JSON`, res.status);
        }
      }
      const failure = statusError(res.status, res.body, path);
      const throttled = res.status === 429 && attempt < THROTTLED_ATTEMPTS;
      const serverError = read && res.status >= 500 && res.status !== 501 && attempt < READ_ATTEMPTS;
      if (!throttled && !serverError) throw failure;
      const after = throttled ? retryAfterMs(res.headers["retry-after"]) : undefined;
      await sleep(Math.min(after ?? 250 * attempt, this.opts.maxRetryAfterMs ?? 30_000), this.opts.signal);
    }
  }

  private async send(method: HttpMethod, path: string, o: { query?: Record<string, string>; body?: string; contentType?: string }) {
    const ctx = new RequestContext(`${this.server}${path}`, method);
    for (const [k, v] of Object.entries(o.query ?? {})) ctx.setQueryParam(k, v);
    ctx.setHeaderParam("Accept", "application/json");
    ctx.setHeaderParam("User-Agent", "kubectl-wid");
    if (o.body !== undefined) {
      ctx.setHeaderParam("Content-Type", o.contentType ?? "application/json");
      ctx.setBody(o.body);
    }
    try {
      await this.kc.applySecurityAuthentication(ctx);
    } catch (e) {
      throw new KubeRequestError("credentials", `the credentials of the kubeconfig user could not be obtained: ${(e instanceof Error ? e.message : String(e)).split("\n")[0]}`);
    }
    const timeout = AbortSignal.timeout(this.opts.timeoutMs);
    ctx.setSignal(timeout);
    try {
      const res = await this.http.send(ctx).toPromise();
      const body = await res.body.text();
      return { status: res.httpStatusCode, headers: res.headers, body };
    } catch (e) {
      if (timeout.aborted) throw new KubeRequestError("timeout", `${this.server}: no complete answer within ${Math.round(this.opts.timeoutMs / 1000)} s`, undefined, "timeout");
      throw e;
    }
  }
}
