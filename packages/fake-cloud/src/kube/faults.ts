import type { IncomingMessage, ServerResponse } from "node:http";
import type { KubeFaultMatch, KubeFaults } from "../scenario/types.js";
import { errors, type StatusError } from "./status.js";
import { sendError } from "./http.js";

interface Counted<T extends KubeFaultMatch> {
  fault: T;
  remaining: number;
}

function counted<T extends KubeFaultMatch>(list: T[] | undefined): Counted<T>[] {
  return (list ?? []).map((fault) => ({ fault, remaining: fault.requests ?? Infinity }));
}

/** The first fault of the list that applies to this request, consumed. */
function take<T extends KubeFaultMatch>(list: Counted<T>[], path: string): T | undefined {
  for (const c of list) {
    if (c.remaining <= 0) continue;
    if (c.fault.pathContains !== undefined && !path.includes(c.fault.pathContains)) continue;
    c.remaining -= 1;
    return c.fault;
  }
  return undefined;
}

function statusFor(status: 500 | 503 | 504): StatusError {
  if (status === 503) return errors.serviceUnavailable();
  if (status === 504) return errors.timeout();
  return errors.internal("etcdserver: leader changed");
}

/**
 * The scenario's kube-apiserver faults, applied before a request is served. Each fault counts
 * down as requests consume it. Returns true when the request was answered (or dropped) by a fault.
 */
export class KubeFaultInjector {
  private readonly throttle;
  private readonly errors;
  private readonly drop;
  private readonly dropAfter;
  private readonly slow;

  constructor(faults: KubeFaults = {}) {
    this.throttle = counted(faults.throttle);
    this.errors = counted(faults.errors);
    this.drop = counted((faults.drop ?? []).filter((d) => !d.afterServing));
    this.dropAfter = counted((faults.drop ?? []).filter((d) => d.afterServing));
    this.slow = counted(faults.slow);
  }

  async apply(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const path = req.url ?? "/";
    const slow = take(this.slow, path);
    if (slow) await new Promise((r) => setTimeout(r, slow.ms));
    if (take(this.drop, path)) {
      req.socket.destroy();
      return true;
    }
    if (take(this.dropAfter, path)) {
      // served as usual; the answer never leaves
      res.writeHead = (() => res) as unknown as ServerResponse["writeHead"];
      res.end = (() => {
        req.socket.destroy();
        return res;
      }) as unknown as ServerResponse["end"];
    }
    const throttled = take(this.throttle, path);
    if (throttled) {
      // what net/http's http.Error writes for the max-in-flight and APF filters
      const body = "Too many requests, please try again later.\n";
      res.writeHead(429, { "retry-after": String(throttled.retryAfterSeconds), "content-type": "text/plain; charset=utf-8", "x-content-type-options": "nosniff", "content-length": Buffer.byteLength(body) });
      res.end(body);
      return true;
    }
    const failing = take(this.errors, path);
    if (failing) {
      sendError(res, statusFor(failing.status));
      return true;
    }
    return false;
  }
}
