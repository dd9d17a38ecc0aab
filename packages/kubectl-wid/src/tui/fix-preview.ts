import type { Finding } from "@wid/core";

/** What `f` shows for a finding: the change its fix makes, and how to make it. */
export interface FixPreview {
  title: string;
  /** The diff of the files, or the plan with its kubectl and az commands; or why there is no fix to apply. */
  lines: string[];
  /** Applies the fix and resolves to what changed, for the status line; absent when wid cannot apply it. */
  apply?: () => Promise<string>;
}

export type PreviewFix = (finding: Finding) => Promise<FixPreview>;
