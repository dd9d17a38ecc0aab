import type { Path } from "../../model/location.js";
import type { KubeObject } from "../../model/kube.js";
import type { SnapshotIndex } from "../../engine/snapshot-index.js";
import type { Workload } from "../../engine/workloads.js";
import { asRecord, getIn } from "../../util/raw.js";
import { WI } from "../../wi.js";

/**
 * Where a workload's `azure.workload.identity/use` label is, in the order the checks own the
 * cases, so that one unlabelled workload gets exactly one finding:
 * - `template`: on the pod template with the value "true" (the webhook selects the pods);
 * - `template-invalid`: on the pod template with another value (pod-label-value-invalid);
 * - `opted-out`: on the pod template as "false" (a deliberate choice, no finding);
 * - `controller`: only on the controller's (or CronJob's job template) metadata (pod-label-on-controller-only);
 * - `service-account`: only on the ServiceAccount (sa-label-only);
 * - `none`: nowhere (pod-label-missing, when the ServiceAccount names an identity).
 */
export type UseLabelPlacement = "template" | "template-invalid" | "opted-out" | "controller" | "service-account" | "none";

export function useLabelPlacement(w: Workload, index: SnapshotIndex): UseLabelPlacement {
  if (WI.useLabel in w.labelsRaw) {
    const value = w.labels[WI.useLabel];
    if (value === "true") return "template";
    return value === "false" ? "opted-out" : "template-invalid";
  }
  if (controllerUseLabel(w) !== undefined) return "controller";
  const sa = index.serviceAccount(w.namespace, w.serviceAccountName);
  if (sa && saUseLabel(sa) === "true") return "service-account";
  return "none";
}

/** Metadata maps above the pod template that people label by mistake, nearest to the pods first. */
function controllerLabelPaths(w: Workload): Path[] {
  if (w.kind === "Pod") return [];
  const paths: Path[] = [];
  if (w.kind === "CronJob") paths.push(["spec", "jobTemplate", "metadata", "labels"]);
  paths.push(["metadata", "labels"]);
  return paths;
}

/** The controller-level use label meant to turn workload identity on, with its path. */
export function controllerUseLabel(w: Workload): { path: Path; value: string } | undefined {
  for (const labels of controllerLabelPaths(w)) {
    const map = asRecord(getIn(w.object.raw, labels));
    if (!(WI.useLabel in map)) continue;
    const value = String(map[WI.useLabel] ?? "");
    if (value.trim().toLowerCase() === "false") continue;
    return { path: [...labels, WI.useLabel], value };
  }
  return undefined;
}

/** The use label of a ServiceAccount as a string (an unquoted `true` counts), if any. */
function saUseLabel(sa: KubeObject): string | undefined {
  const v = asRecord(getIn(sa.raw, ["metadata", "labels"]))[WI.useLabel];
  return v === undefined || v === null ? undefined : String(v).trim().toLowerCase();
}

/** The non-empty client-id annotation of a ServiceAccount, if any. */
export function saClientId(sa: KubeObject): string | undefined {
  const v = asRecord(getIn(sa.raw, ["metadata", "annotations"]))[WI.clientIdAnnotation];
  const s = v === undefined || v === null ? "" : String(v).trim();
  return s === "" ? undefined : s;
}
