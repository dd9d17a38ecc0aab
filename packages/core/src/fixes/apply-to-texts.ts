import type { ManifestEdit } from "../model/fix.js";
import { applyManifestEdits, type EditOutcome } from "./executors/manifest.js";
import type { FileFix } from "./select.js";

export interface FixOutcome {
  fix: FileFix;
  /** applied: the files changed; unchanged: they already held the fix; refused: nothing changed, see reason. */
  status: "applied" | "unchanged" | "refused";
  reason?: string;
  /** The edit that was refused, for a surface to point at. */
  refusedEdit?: { file: string; edit: ManifestEdit; outcome: EditOutcome };
}

export interface TextsAfterFixes {
  /** Every file's text after the fixes that applied; files no fix touched are absent. */
  texts: Map<string, string>;
  outcomes: FixOutcome[];
}

/**
 * Applies file fixes to texts in memory, one fix at a time and each as a whole: when one of its
 * edits is refused (the file changed since the plan, or an earlier fix changed the same value),
 * none of its edits are kept, so no fix is half-applied across files or within one.
 */
export function applyFixesToTexts(read: (file: string) => string | undefined, fixes: readonly FileFix[]): TextsAfterFixes {
  const texts = new Map<string, string>();
  const current = (file: string) => texts.get(file) ?? read(file);
  const outcomes: FixOutcome[] = [];
  for (const fix of fixes) {
    const next = new Map<string, string>();
    let refused: FixOutcome | undefined;
    let changed = false;
    for (const plan of fix.plans) {
      const text = next.get(plan.file) ?? current(plan.file);
      if (text === undefined) {
        refused = { fix, status: "refused", reason: `${plan.file} was not read` };
        break;
      }
      const result = applyManifestEdits(text, plan.edits);
      const bad = result.outcomes.find((o) => o.status === "refused");
      if (bad) {
        refused = { fix, status: "refused", reason: bad.reason ?? "refused", refusedEdit: { file: plan.file, edit: bad.edit, outcome: bad } };
        break;
      }
      if (result.outcomes.some((o) => o.status === "applied")) changed = true;
      next.set(plan.file, result.text);
    }
    if (refused) {
      outcomes.push(refused);
      continue;
    }
    for (const [file, text] of next) if (text !== current(file)) texts.set(file, text);
    outcomes.push({ fix, status: changed ? "applied" : "unchanged" });
  }
  return { texts, outcomes };
}
