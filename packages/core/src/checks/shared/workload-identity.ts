import type { SnapshotIndex } from "../../engine/snapshot-index.js";
import type { Workload } from "../../engine/workloads.js";
import { WI } from "../../wi.js";

/** Workloads whose pods the webhook selects: pod label `azure.workload.identity/use: "true"`. */
export function labelledWorkloads(index: SnapshotIndex): Workload[] {
  return index.workloads.filter((w) => w.labels[WI.useLabel] === "true");
}
