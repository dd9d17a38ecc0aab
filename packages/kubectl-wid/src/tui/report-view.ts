import type { LoadProgress } from "@wid/core/sources/manifests";
import type { LiveProgress } from "@wid/core/sources/live";
import type { AzureProgress } from "@wid/core/sources/live-azure";
import type { DoctorResult } from "./doctor-result.js";
import type { PreviewFix } from "./fix-preview.js";

/**
 * Where a run shows its progress and its report. The handlers speak to this, whichever way it
 * is shown (Ink on a terminal, a line on stderr, or nothing but the report).
 */
export interface ReportView {
  /** A step without counts, e.g. starting the simulated world. */
  step(label: string): void;
  /** Called per file by the sources; the view throttles what it draws. */
  loading(progress: LoadProgress): void;
  /** Called per response while a live cluster is read; the view throttles what it draws. */
  reading(progress: LiveProgress): void;
  /** Called per ARM request while live Azure is read; the view throttles what it draws. */
  readingAzure(progress: AzureProgress): void;
  /** Resolves once the view has drawn it: the checks then hold the CPU until they are done. */
  checking(objects: number, resources: number): Promise<void>;
  /** A message for stderr (input problems, notes), printed above any progress. */
  note(text: string): void;
  /** The report for stdout, printed once; progress ends with it. */
  report(text: string): Promise<void>;
  /** Removes any progress left and lets the terminal go; safe to call twice. */
  close(): Promise<void>;
}

/** What the doctor gives the interactive view once it has a report. */
export interface BrowseActions {
  previewFix: PreviewFix;
  /** Runs the doctor again, its progress shown on this view. */
  rerun: () => Promise<DoctorResult>;
}

/**
 * The interactive doctor on a terminal: the progress of a run, then the findings to browse, the
 * fixes to preview and apply. It is the doctor's view while the inputs are read (progress, notes),
 * then `browse` hands it the keyboard until the user quits.
 */
export interface DoctorSession extends ReportView {
  readonly browsing: true;
  /** Resolves on quit to the exit status of the last run; the summary line stays on the screen. */
  browse(first: DoctorResult, actions: BrowseActions): Promise<number>;
}

export function isDoctorSession(view: ReportView): view is DoctorSession {
  return (view as Partial<DoctorSession>).browsing === true;
}
