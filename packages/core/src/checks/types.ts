import type { Evidence, Fix, Severity } from "../model/finding.js";
import type { Path } from "../model/location.js";
import type { KubeObject, ObjectRef } from "../model/kube.js";
import type { DataKey, Snapshot } from "../model/snapshot.js";
import type { SnapshotIndex } from "../engine/snapshot-index.js";
import type { Workload } from "../engine/workloads.js";

/** The data column of the catalog: Manifests, live Kubernetes, Azure, Runtime evidence. */
export type DataKind = "M" | "K" | "A" | "R";

export interface CheckMeta {
  /** Stable id; equals the file name of the check. */
  id: string;
  severity: Severity;
  data: readonly DataKind[];
  /** One line, for lists. */
  title: string;
  /** When the check fires (the catalog's condition). */
  condition: string;
  /** What users see when it happens (errors, behaviour). */
  symptom: string;
  /** Why it happens and how to fix it; markdown, for the docs page and `explain`. */
  description: string;
  /** Finding message templates with `{placeholders}`, keyed by variant. */
  messages: Record<string, string>;
  /** Data keys that must be loaded for the check to run. */
  needs: readonly DataKey[];
  /** Manifest snippets for the docs: a setup that fires the check, and the corrected one. */
  examples?: { bad?: string; good?: string };
}

export interface ReportInput {
  /** The object at fault: a Kubernetes object (located via `path`) or a ready-made reference. */
  object: KubeObject | ObjectRef;
  /** Field of a Kubernetes object the finding points at. */
  path?: Path;
  /** Point at the key of `path` rather than its value. */
  key?: boolean;
  /** Key into `meta.messages`. */
  message: string;
  /** Values for the message placeholders. */
  data?: Record<string, string | number>;
  severity?: Severity;
  evidence?: Evidence;
  fixes?: Fix[];
  workload?: Workload | KubeObject | ObjectRef;
  related?: ObjectRef[];
}

export interface CheckContext {
  snapshot: Snapshot;
  index: SnapshotIndex;
  report(input: ReportInput): void;
  /**
   * The check found, while running, that it cannot judge this snapshot (several clusters and none
   * chosen, a cluster without an issuer): it is reported as not run with `reason`, and whatever it
   * reported before is dropped, so that a missing datum is never taken for a pass.
   */
  notRun(reason: string): void;
}

export interface Check {
  meta: CheckMeta;
  /** Absent for checks not implemented yet: they are always reported as not run. */
  detect?: (ctx: CheckContext) => void;
}

export function defineCheck(check: Check): Check {
  return check;
}
