import { applyFixesToTexts, planFor, type Finding, type Fix, type ManifestPlan } from "@wid/core";

/** One replacement in a file's text, as offsets into the text it was computed from (UTF-16). */
export interface TextChange {
  file: string;
  from: number;
  to: number;
  insert: string;
}

export type FixChanges = { ok: true; changes: TextChange[] } | { ok: false; reason: string };

/** The manifest plans of a fix: its own, or those of a choice's option. */
export function manifestPlans(fix: Fix): ManifestPlan[] {
  return fix.plans.filter((p): p is ManifestPlan => p.target === "manifest");
}

/**
 * The text changes of a fix's manifest plans through the core's manifest executor, against the
 * files' current texts: refused (with why) when the files changed since the fix was planned or
 * the edit cannot be made safely, never half-applied.
 */
export function fixChanges(finding: Finding, fix: Fix, plans: readonly ManifestPlan[], read: (file: string) => string | undefined): FixChanges {
  const { texts, outcomes } = applyFixesToTexts(read, [{ finding, fix, plans: [...plans] }]);
  const outcome = outcomes[0];
  if (!outcome) return { ok: false, reason: "nothing to apply" };
  if (outcome.status === "refused") return { ok: false, reason: outcome.reason ?? "the fix was refused" };
  const changes: TextChange[] = [];
  for (const [file, after] of texts) {
    const before = read(file);
    if (before === undefined) continue;
    changes.push({ file, ...narrow(before, after) });
  }
  return { ok: true, changes };
}

/** The smallest single replacement turning `before` into `after`: edits, undo and cursors stay where the change is. */
export function narrow(before: string, after: string): { from: number; to: number; insert: string } {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before.charCodeAt(endBefore - 1) === after.charCodeAt(endAfter - 1)) {
    endBefore--;
    endAfter--;
  }
  // never split a surrogate pair
  if (start > 0 && isHighSurrogate(before.charCodeAt(start - 1))) start--;
  if (endBefore < before.length && isLowSurrogate(before.charCodeAt(endBefore))) {
    endBefore++;
    endAfter++;
  }
  return { from: start, to: endBefore, insert: after.slice(start, endAfter) };
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** A way to mend a finding in the editor: a fix with manifest plans, or one option of a suggestion's choice. */
export interface EditorFix {
  title: string;
  fix: Fix;
  plans: ManifestPlan[];
  /** The fix `selectFileFixes` picks for the finding (`kubectl wid fix` applies the same). */
  preferred: boolean;
}

/** Every manifest fix of a finding: complete fixes first (the first preferred), then the options of choices. */
export function editorFixes(finding: Finding): EditorFix[] {
  const out: EditorFix[] = [];
  for (const fix of finding.fixes) {
    if (fix.kind !== "fix" || !planFor(fix, "manifest")) continue;
    out.push({ title: fix.title, fix, plans: manifestPlans(fix), preferred: out.length === 0 });
  }
  for (const fix of finding.fixes) {
    if (fix.kind !== "suggestion") continue;
    for (const choice of fix.choices ?? []) {
      for (const option of choice.options ?? []) {
        const plans = option.plans.filter((p): p is ManifestPlan => p.target === "manifest");
        if (plans.length) out.push({ title: `${fix.title}: ${option.label}`, fix, plans, preferred: false });
      }
    }
  }
  return out;
}

/** The fixes of a finding that change the cluster or Azure, with the commands they stand for. */
export function remoteFixes(finding: Finding): { fix: Fix; target: "cluster" | "azure"; commands: string[] }[] {
  const out: { fix: Fix; target: "cluster" | "azure"; commands: string[] }[] = [];
  for (const fix of finding.fixes) {
    if (fix.kind !== "fix") continue;
    for (const plan of fix.plans) {
      if (plan.target === "manifest") continue;
      out.push({ fix, target: plan.target, commands: plan.steps.map((s) => s.command) });
    }
  }
  return out;
}
