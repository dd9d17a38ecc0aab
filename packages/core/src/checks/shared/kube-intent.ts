import type { Workload } from "../../engine/workloads.js";
import { WI } from "../../wi.js";
import { controllerUseLabel } from "./kube-use-label.js";

/**
 * Whether a workload means to use workload identity: the use label on its pods or its
 * controller (any value), or any `azure.workload.identity/` pod annotation. Checks about
 * objects the identity chain needs stay quiet for workloads that never asked for it.
 */
export function meansWorkloadIdentity(w: Workload): boolean {
  if (WI.useLabel in w.labelsRaw) return true;
  if (controllerUseLabel(w) !== undefined) return true;
  for (const key in w.annotationsRaw) if (key.startsWith(WI.prefix)) return true;
  return false;
}
