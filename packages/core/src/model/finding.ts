import type { Path } from "./location.js";
import type { ObjectRef } from "./kube.js";

export type Severity = "error" | "warning" | "info";

export const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** Structured evidence: what was expected and what was found, plus check-specific facts. */
export interface Evidence {
  expected?: unknown;
  actual?: unknown;
  [key: string]: unknown;
}

export interface ManifestEdit {
  documentIndex: number;
  /** Path from the document root (a `kind: List` item's path starts with `items, i`). */
  path: Path;
  op: "set" | "delete" | "rename-key";
  value?: unknown;
  newKey?: string;
}

/** What a fix does, as data; only executors (in the surfaces) carry it out. */
export type FixAction =
  | { type: "manifest-edit"; file: string; edits: ManifestEdit[] }
  | {
      type: "kube-patch";
      target: ObjectRef;
      patchType: "merge" | "apply";
      patch: Record<string, unknown>;
    }
  | { type: "rollout-restart"; target: ObjectRef }
  | { type: "azure"; operation: AzureOperation; params: Record<string, unknown> }
  | { type: "manual" };

export type AzureOperation =
  | "federatedCredential.createOrUpdate"
  | "federatedCredential.delete"
  | "roleAssignment.create"
  | "keyVault.setAccessPolicy";

export interface Fix {
  title: string;
  /** What the user reads and could run or paste: a YAML snippet or a shell command. */
  snippet?: { language: "yaml" | "shell"; text: string };
  actions: FixAction[];
}

export interface Finding {
  checkId: string;
  severity: Severity;
  object: ObjectRef;
  /** The workload this finding affects, for grouping (may equal `object`). */
  workload?: ObjectRef;
  message: string;
  evidence: Evidence;
  fixes: Fix[];
  /** Other objects involved (the ServiceAccount, the identity, ...). */
  related?: ObjectRef[];
}

export interface NotRun {
  checkId: string;
  reason: string;
}

export interface Report {
  findings: Finding[];
  notRun: NotRun[];
  /** Ids of the checks that ran. */
  ran: string[];
  summary: Record<Severity, number>;
}
