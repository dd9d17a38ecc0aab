import type { Finding, Report } from "../model/finding.js";
import { applyFixesToTexts, type FixOutcome } from "./apply-to-texts.js";
import { selectFileFixes, type FileFix, type NotFromFiles } from "./select.js";

/** Mending files round after round, until nothing more can be mended from them. */
export interface FileFixRounds {
  /** Every file's text after all rounds; files no fix touched are absent. */
  texts: Map<string, string>;
  /** The outcome of every fix tried, in the order tried. */
  outcomes: FixOutcome[];
  /** The report on the files as they would be after the fixes. */
  after: Report;
  /** Findings left: those the files cannot mend, and why. */
  notFromFiles: { finding: Finding; why: NotFromFiles }[];
  /** Fixes left for a later run: a check that changes an object in steps (migrate, then drop the old label) takes one step per run. */
  nextSteps: FileFix[];
  rounds: number;
}

/** A finding's identity across runs: the same check, message and object. */
export function findingKey(f: Finding): string {
  const o = f.object;
  return [f.checkId, f.messageId, o.kind, o.namespace ?? "", o.name, o.id ?? ""].join("\u0000");
}

const stepKey = (f: Finding) => [f.checkId, f.object.kind, f.object.namespace ?? "", f.object.name].join("\u0000");

/**
 * Plans the file fixes of a report, then runs the checks again on the texts as they would be and
 * mends what the first fixes revealed (a fixed annotation typo shows the missing pod label), up
 * to `maxRounds` times, all in memory: a surface shows the whole change once and writes it after
 * confirmation. A check that already changed an object in this run is not asked again for that
 * object: its next step waits for the next run (the workload must first run on the new setup).
 */
export function planFileFixRounds(opts: {
  report: Report;
  read: (file: string) => string | undefined;
  /** The report on the files with these texts in place of what was read. */
  rerun: (texts: ReadonlyMap<string, string>) => Report;
  maxRounds?: number;
}): FileFixRounds {
  const maxRounds = opts.maxRounds ?? 4;
  const texts = new Map<string, string>();
  const outcomes: FixOutcome[] = [];
  const stepped = new Set<string>();
  const tried = new Set<string>();
  let report = opts.report;
  let nextSteps: FileFix[] = [];
  let rounds = 0;
  while (rounds < maxRounds) {
    const selection = selectFileFixes(report.findings);
    const fresh = selection.fixes.filter((f) => !tried.has(findingKey(f.finding)));
    nextSteps = fresh.filter((f) => stepped.has(stepKey(f.finding)));
    const now = fresh.filter((f) => !stepped.has(stepKey(f.finding)));
    if (now.length === 0) break;
    rounds++;
    const round = applyFixesToTexts((file) => texts.get(file) ?? opts.read(file), now);
    for (const f of now) tried.add(findingKey(f.finding));
    outcomes.push(...round.outcomes);
    for (const o of round.outcomes) if (o.status === "applied") stepped.add(stepKey(o.fix.finding));
    if (round.texts.size === 0) break;
    for (const [file, text] of round.texts) texts.set(file, text);
    report = opts.rerun(texts);
  }
  const left = selectFileFixes(report.findings);
  return { texts, outcomes, after: report, notFromFiles: left.notFromFiles, nextSteps, rounds };
}
