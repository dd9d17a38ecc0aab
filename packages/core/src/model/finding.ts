import type { ObjectRef } from "./kube.js";
import type { DataKey } from "./snapshot.js";
import type { Fix } from "./fix.js";

export type Severity = "error" | "warning" | "info";

export const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** Structured evidence: what was expected and what was found, plus check-specific facts. */
export interface Evidence {
  expected?: unknown;
  actual?: unknown;
  [key: string]: unknown;
}

export interface Finding {
  checkId: string;
  /** Which of the check's messages this is: stable, for tests and tools; `message` is its text. */
  messageId: string;
  severity: Severity;
  /** The object at fault; `range` spans the exact key or value when it came from a file. */
  object: ObjectRef;
  /** The workload this finding affects, for grouping (may equal `object`). */
  workload?: ObjectRef;
  message: string;
  evidence: Evidence;
  fixes: Fix[];
  /** Other objects involved (the ServiceAccount, the identity, ...). */
  related?: ObjectRef[];
}

/**
 * Why some data is not in a snapshot, as a source knows it. Surfaces word it: the CLI names its
 * flags, the editor its settings.
 */
export type DataGap =
  /** No source for it was given. */
  | { code: "not-given" }
  /** Inputs were given but none held a usable object (all empty or invalid). */
  | { code: "nothing-read" }
  /** Key Vaults were exported without their properties (`az keyvault list` without a group). */
  | { code: "key-vaults-without-properties" }
  /** A live read failed: forbidden, not found, timed out, or another error. */
  | { code: "forbidden" | "not-found" | "timeout" | "unavailable"; resource: string; namespace?: string; detail?: string }
  /** A live read covered other namespaces (`-n`): this one was not looked at. */
  | { code: "not-in-scope"; namespace: string; scope: string[] };

/** Why a check did not run, as data. */
export type NotRunReason =
  | { code: "missing-data"; data: DataKey; gap: DataGap }
  | { code: "not-implemented" }
  /** Several AKS clusters and none chosen: which one the workloads belong to is not known. */
  | { code: "clusters-ambiguous"; clusters: string[] }
  /** The chosen cluster name matches no cluster. */
  | { code: "cluster-unknown"; name: string; clusters: string[] }
  /** No AKS cluster is known at all. */
  | { code: "no-cluster" }
  | { code: "cluster-without-issuer"; cluster: string };

export interface NotRun {
  checkId: string;
  reason: NotRunReason;
}

export interface Report {
  findings: Finding[];
  notRun: NotRun[];
  /** Ids of the checks that ran. */
  ran: string[];
  summary: Record<Severity, number>;
}
