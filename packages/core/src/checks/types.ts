import type { Evidence, NotRunReason, Severity } from "../model/finding.js";
import type { Fix } from "../model/fix.js";
import type { Path } from "../model/location.js";
import type { KubeObject, ObjectRef } from "../model/kube.js";
import type { DataKey, Snapshot } from "../model/snapshot.js";
import type { SnapshotIndex } from "../engine/snapshot-index.js";
import type { Workload } from "../engine/workloads.js";

/** The data column of the catalog: Manifests, live Kubernetes, Azure, Runtime evidence. */
export type DataKind = "M" | "K" | "A" | "R";

/** A check's message templates by message id; `{name}` is a placeholder. */
export type Messages = Readonly<Record<string, string>>;

/** The placeholder names of a template, as a union of string literal types. */
export type Placeholders<T extends string> = T extends `${string}{${infer Name}}${infer Rest}` ? Name | Placeholders<Rest> : never;

/** The values a message needs: exactly its placeholders, checked by the compiler. */
export type MessageData<T extends string> = [Placeholders<T>] extends [never] ? { data?: Record<string, never> } : { data: Record<Placeholders<T>, string | number> };

export interface CheckMeta<M extends Messages = Messages> {
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
  /** Finding message templates with `{placeholders}`, by message id. */
  messages: M;
  /** Data keys that must be loaded for the check to run. */
  needs: readonly DataKey[];
  /** Whether its findings come with fixes wid can apply (manifest edits, patches, Azure operations). */
  fixable: boolean;
  /**
   * A complete setup that fires the check and the same setup mended, as files users run the
   * doctor on (`pnpm run docs` writes them to docs/checks/examples/<id>/); a test holds every check
   * whose data includes manifests or Azure to having them.
   */
  examples?: CheckExamples;
}

/**
 * One complete input of the doctor: what `kubectl wid doctor -f manifests.yaml --azure azure/`
 * reads. Kept as data so the docs page, the files on disk and the tests cannot drift apart.
 */
export interface CheckExample {
  /** The manifests: YAML documents as a user writes them (comments are kept and shown). */
  manifests: string;
  /**
   * Azure CLI exports by file name (`aks.json`, `identities.json`, ...): the value `az ... -o
   * json` prints, in the shapes the Azure export source reads. Absent for checks that need no
   * Azure data.
   */
  azure?: Readonly<Record<string, unknown>>;
}

export interface CheckExamples {
  /** Fires this check, and no other. */
  bad: CheckExample;
  /** The same setup mended: fires no check. */
  good: CheckExample;
  /**
   * The check needs a live cluster (the manifests then stand for the cluster's whole state):
   * from files alone it is reported as not run, and the docs say so.
   */
  liveCluster?: boolean;
  /** What a reader should know about the example (why a value looks odd), for the docs page. */
  note?: string;
}

interface ReportBase {
  /** The object at fault: a Kubernetes object (located via `path`) or a ready-made reference. */
  object: KubeObject | ObjectRef;
  /** Field of a Kubernetes object the finding points at. */
  path?: Path;
  /** Point at the key of `path` rather than its value. */
  key?: boolean;
  severity?: Severity;
  evidence?: Evidence;
  fixes?: Fix[];
  workload?: Workload | KubeObject | ObjectRef;
  related?: ObjectRef[];
}

/** What a check reports: one of its message ids and that message's placeholder values. */
export type ReportInput<M extends Messages = Messages, K extends keyof M & string = keyof M & string> = ReportBase & {
  messageId: K;
} & MessageData<M[K]>;

export interface CheckContext<M extends Messages = Messages> {
  snapshot: Snapshot;
  index: SnapshotIndex;
  report<K extends keyof M & string>(input: ReportInput<M, K>): void;
  /**
   * The check found, while running, that it cannot judge this snapshot (several clusters and none
   * chosen, a cluster without an issuer): it is reported as not run with `reason`, and whatever it
   * reported before is dropped, so that a missing datum is never taken for a pass.
   */
  notRun(reason: NotRunReason): void;
}

export interface Check<M extends Messages = Messages> {
  meta: CheckMeta<M>;
  /** Absent for checks not implemented yet: they are always reported as not run. */
  detect?: (ctx: CheckContext<M>) => void;
}

/**
 * Declares a check. The message templates keep their literal types, so that every report names a
 * message id the check has and gives exactly that message's placeholders.
 */
export function defineCheck<const M extends Messages>(check: Check<M>): Check {
  return check as unknown as Check;
}
