import type { AzureFaults, ForbiddenFault, ThrottleFault } from "../scenario/types.js";
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

  constructor(faults: AzureFaults = {}) {
    this.throttles = (faults.throttle ?? []).map((fault) => ({ fault, remaining: fault.requests }));
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

  isForbidden(caller: Caller, scope: string, access: Access): boolean {
    return this.forbidden.some(
      (f) =>
        [caller.objectId, caller.clientId].some((id) => id.toLowerCase() === f.principal.toLowerCase()) &&
        (f.scope === undefined || isWithin(scope, f.scope)) &&
        (f.access === undefined || f.access === access),
    );
  }
}
