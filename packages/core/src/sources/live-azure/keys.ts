import type { DataKey } from "../../model/snapshot.js";
import type { AzureExport } from "../azure-export/load.js";
import type { AzureFailure } from "./failures.js";

/**
 * Which data keys a live load could read in full. One failed read makes its key a gap (the
 * first failure, with how many more there were): a partial list would read as "absent" to the
 * checks, a false finding or a false pass.
 */
export class KeyTracker {
  private readonly failures = new Map<DataKey, { first: AzureFailure; more: number }>();

  fail(key: DataKey, failure: AzureFailure): void {
    const known = this.failures.get(key);
    if (known) known.more++;
    else this.failures.set(key, { first: failure, more: 0 });
  }

  failAll(keys: readonly DataKey[], failure: AzureFailure): void {
    for (const k of keys) this.fail(k, failure);
  }

  /** Marks each key loaded, or records its gap. */
  apply(out: AzureExport, keys: readonly DataKey[]): void {
    for (const key of keys) {
      const f = this.failures.get(key);
      if (!f) {
        out.loaded.add(key);
        continue;
      }
      const more = f.more > 0 ? `${f.more} more read${f.more > 1 ? "s" : ""} of this kind failed too` : undefined;
      const detail = [f.first.detail, more].filter(Boolean).join("; ");
      out.gaps.set(key, { ...f.first, ...(detail ? { detail } : {}) });
    }
  }
}
