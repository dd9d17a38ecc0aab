import { render } from "ink-testing-library";
import { describe, expect, it, vi } from "vitest";
import { identityChains, runChecks, SnapshotWorkspace, type Finding } from "@wid/core";
import { allChecks } from "@wid/core/checks";
import { styler } from "../../src/output/style.js";
import { summaryLine } from "../../src/output/text.js";
import { DoctorApp } from "../../src/tui/components/doctor-app.js";
import type { DoctorResult } from "../../src/tui/doctor-result.js";
import type { FixPreview } from "../../src/tui/fix-preview.js";
import { ANNOTATED, MISSING_CLIENT_ID } from "../helpers/fixtures.js";

const style = styler(false);
const KEY = { up: "\u001b[A", down: "\u001b[B", right: "\u001b[C", left: "\u001b[D", enter: "\r", esc: "\u001b", pageDown: "\u001b[6~", end: "\u001b[F", home: "\u001b[H", backspace: "\u007f" };

/** The doctor's result on manifests, as the command computes it. */
function doctorOn(files: Record<string, string>): DoctorResult {
  const ws = new SnapshotWorkspace();
  for (const [file, text] of Object.entries(files)) ws.setManifest(file, text);
  const snapshot = ws.snapshot();
  const report = runChecks(snapshot, allChecks);
  return { report, chains: identityChains(snapshot, report), summary: summaryLine(report, style), exitCode: report.findings.length ? 1 : 0 };
}

/** The same workload under other names, in other namespaces: several groups to move through. */
const renamed = (text: string, ns: string) => text.replaceAll("namespace: prod", `namespace: ${ns}`);

const tick = () => new Promise((r) => setTimeout(r, 20));

async function press(stdin: { write: (s: string) => void }, ...keys: string[]) {
  for (const k of keys) {
    stdin.write(k);
    await tick();
  }
}

function app(result: DoctorResult, opts: { previewFix?: (f: Finding) => Promise<FixPreview>; rerun?: () => Promise<DoctorResult>; rows?: number } = {}) {
  const onQuit = vi.fn();
  const r = render(
    <DoctorApp
      result={result}
      activity={undefined}
      style={style}
      rows={opts.rows ?? 30}
      docsUrl="https://example.org/wid/docs/checks/"
      previewFix={opts.previewFix ?? (async () => ({ title: "No fix to apply", lines: ["why"] }))}
      rerun={opts.rerun ?? (async () => result)}
      onQuit={onQuit}
    />,
  );
  return { ...r, onQuit };
}

describe("DoctorApp", () => {
  it("moves down", async () => {
    const result = doctorOn({ "a.yaml": MISSING_CLIENT_ID, "b.yaml": renamed(MISSING_CLIENT_ID, "shop"), "c.yaml": renamed(ANNOTATED, "web") });
    const { stdin, lastFrame } = app(result);
    await tick();
    console.log(lastFrame());
    await press(stdin, KEY.down);
    console.log(lastFrame());
  });
});
