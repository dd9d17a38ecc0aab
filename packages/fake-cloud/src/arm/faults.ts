import type { AzureFaults, ForbiddenFault, ServerErrorFault, ThrottleFault } from "../scenario/types.js";
import type { Caller } from "./auth.js";
import { isWithin } from "./ids.js";

export type Access = "read" | "write";

export function accessOf(method: string): Access {
  return method === "GET" || method === "HEAD" ? "read" : "write";
}

/** The scenario's injected ARM faults; throttles count down as requests consume them. */
export class ArmFaults {
  private readonly throttles: { fault: ThrottleFault; remaining: number }[];
  private readonly forbidden: ForbiddenFault[];
  private readonly serverErrors: { fault: ServerErrorFault; remaining: number }[];

  constructor(faults: AzureFaults = {}) {
    this.throttles = (faults.throttle ?? []).map((fault) => ({ fault, remaining: fault.requests }));
    this.serverErrors = (faults.serverErrors ?? []).map((fault) => ({ fault, remaining: fault.requests }));
    this.forbidden = [...(faults.forbidden ?? [])];
  }

  /** Seconds to put in Retry-After when this request is to be throttled. */
  throttle(path: string): number | undefined {
    const lower = path.toLowerCase();
    for (const t of this.throttles) {
      if (t.remaining <= 0) continue;
      if (t.fault.pathContains !== undefined && !lower.includes(t.fault.pathContains.toLowerCase())) continue;
      t.remaining -= 1;
      return t.fault.retryAfterSeconds;
    }
    return undefined;
  }

  /** The status to fail this request with, when a server error is to be injected. */
  serverError(path: string): number | undefined {
    const lower = path.toLowerCase();
    for (const e of this.serverErrors) {
      if (e.remaining <= 0) continue;
      if (e.fault.pathContains !== undefined && !lower.includes(e.fault.pathContains.toLowerCase())) continue;
      e.remaining -= 1;
      return e.fault.status ?? 500;
    }
    return undefined;
  }

  /** `action` is the operation authorized; without it (a list deciding what to show) only faults of every action apply. */
  isForbidden(caller: Caller, scope: string, access: Access, action?: string): boolean {
    return this.forbidden.some(
      (f) =>
        [caller.objectId, caller.clientId].some((id) => id.toLowerCase() === f.principal.toLowerCase()) &&
        (f.scope === undefined || isWithin(scope, f.scope)) &&
        (f.access === undefined || f.access === access) &&
        (f.action === undefined || (action !== undefined && action.toLowerCase() === f.action.toLowerCase())),
    );
  }
}
