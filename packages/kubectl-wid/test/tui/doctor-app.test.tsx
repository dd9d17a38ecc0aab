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

const frame = (r: { lastFrame: () => string | undefined }) => r.lastFrame() ?? "";
/** The selected line of the list. */
const selectedLine = (r: { lastFrame: () => string | undefined }) => frame(r).split("\n").find((l) => l.startsWith("> ")) ?? "";

describe("DoctorApp", () => {
  // two workloads without a client id (one error each) and one annotated (no identity data: no finding of its own)
  const result = doctorOn({ "a.yaml": MISSING_CLIENT_ID, "b.yaml": renamed(MISSING_CLIENT_ID, "shop"), "c.yaml": renamed(ANNOTATED, "web") });

  it("groups the findings by workload, the first one selected, under the summary", async () => {
    const r = app(result);
    await tick();
    const lines = frame(r).split("\n");
    expect(lines[0]).toBe(result.summary);
    expect(lines.slice(1, 5).map((l) => l.replace(/\s+/g, " ").split(" ServiceAccount \"")[0])).toEqual([
      "● prod/Deployment/api",
      "> error sa-client-id-missing ServiceAccount prod/api",
      "● shop/Deployment/api",
      " error sa-client-id-missing ServiceAccount shop/api",
    ]);
    r.unmount();
  });

  it("moves with the arrows and j/k, stops at both ends, and jumps with Home/End and PgUp/PgDn", async () => {
    const r = app(result);
    await tick();
    await press(r.stdin, KEY.down);
    expect(selectedLine(r)).toContain("ServiceAccount shop/api");
    await press(r.stdin, "j");
    expect(selectedLine(r)).toContain("ServiceAccount shop/api");
    await press(r.stdin, "k");
    expect(selectedLine(r)).toContain("ServiceAccount prod/api");
    await press(r.stdin, KEY.up);
    expect(selectedLine(r)).toContain("ServiceAccount prod/api");
    await press(r.stdin, KEY.end);
    expect(selectedLine(r)).toContain("ServiceAccount shop/api");
    await press(r.stdin, KEY.home);
    expect(selectedLine(r)).toContain("ServiceAccount prod/api");
    await press(r.stdin, KEY.pageDown);
    expect(selectedLine(r)).toContain("ServiceAccount shop/api");
    r.unmount();
  });

  it("opens the detail with Enter: the chain with its broken link marked, the evidence, the docs link; back with ←", async () => {
    const r = app(result);
    await tick();
    await press(r.stdin, KEY.down, KEY.enter);
    const detail = frame(r);
    expect(detail).toContain("error  sa-client-id-missing");
    expect(detail).toContain("Identity chain of shop/Deployment/api");
    expect(detail).toMatch(/✓ workload\s+Deployment shop\/api/);
    expect(detail).toMatch(/✗ ServiceAccount\s+ServiceAccount shop\/api {2}broken: sa-client-id-missing {2}<- this finding/);
    expect(detail).toMatch(/expected: /);
    expect(detail).toMatch(/found: {4}/);
    expect(detail).toContain("https://example.org/wid/docs/checks/sa-client-id-missing.md");
    await press(r.stdin, KEY.left);
    expect(selectedLine(r)).toContain("ServiceAccount shop/api");
    await press(r.stdin, KEY.right);
    expect(frame(r)).toContain("Identity chain of shop/Deployment/api");
    await press(r.stdin, KEY.esc);
    await tick();
    expect(frame(r)).not.toContain("Identity chain");
    r.unmount();
  });

  it("filters by text as it is typed, keeps it on Enter and clears it with Esc", async () => {
    const r = app(result);
    await tick();
    await press(r.stdin, "/", "s", "h", "o", "p");
    expect(frame(r)).toContain("/shop█");
    expect(frame(r)).not.toContain("prod/Deployment/api");
    expect(selectedLine(r)).toContain("ServiceAccount shop/api");
    await press(r.stdin, KEY.enter);
    expect(frame(r)).toContain("filter: shop (1 of 2)");
    await press(r.stdin, KEY.esc);
    await tick();
    expect(frame(r)).toContain("prod/Deployment/api");
    expect(frame(r)).not.toContain("filter:");
    await press(r.stdin, "/", "n", "o", "t", "h", "i", "n", "g");
    expect(frame(r)).toContain("No finding matches.");
    r.unmount();
  });

  it("lists the keys on ?, and any key goes back", async () => {
    const r = app(result);
    await tick();
    await press(r.stdin, "?");
    expect(frame(r)).toMatch(/PgUp PgDn\s+a page up/);
    expect(frame(r)).toMatch(/\/\s+filter by check id, workload, namespace or message/);
    await press(r.stdin, "x");
    expect(selectedLine(r)).toContain("ServiceAccount prod/api");
    r.unmount();
  });

  it("previews the selected finding's fix on f, applies it on y, runs the doctor again and says what was fixed", async () => {
    const after = doctorOn({ "a.yaml": ANNOTATED, "b.yaml": renamed(MISSING_CLIENT_ID, "shop"), "c.yaml": renamed(ANNOTATED, "web") });
    const apply = vi.fn(async () => "Wrote a.yaml.");
    const previewFix = vi.fn(async (f: Finding) => ({ title: `Fix: annotate ${f.object.name}`, lines: ["-  old", "+  new"], apply }));
    const rerun = vi.fn(async () => after);
    const r = app(result, { previewFix, rerun });
    await tick();
    await press(r.stdin, "f");
    expect(previewFix).toHaveBeenCalledWith(result.report.findings.find((f) => f.object.namespace === "prod"));
    expect(frame(r)).toContain("Fix: annotate api");
    expect(frame(r)).toContain("+  new");
    expect(frame(r)).toContain("Apply this fix? y applies it, any other key cancels");
    await press(r.stdin, "y");
    await tick();
    expect(apply).toHaveBeenCalledTimes(1);
    expect(rerun).toHaveBeenCalledTimes(1);
    r.rerender(<DoctorApp result={after} activity={undefined} style={style} rows={30} docsUrl={undefined} previewFix={previewFix} rerun={rerun} onQuit={r.onQuit} />);
    await tick();
    expect(frame(r)).toContain("Fixed 1 finding (sa-client-id-missing); 1 finding left. Wrote a.yaml.");
    expect(frame(r)).not.toContain("prod/Deployment/api");
    r.unmount();
  });

  it("changes nothing when another key than y answers the preview", async () => {
    const apply = vi.fn(async () => "done");
    const rerun = vi.fn(async () => result);
    const r = app(result, { previewFix: async () => ({ title: "Fix: x", lines: ["+ y"], apply }), rerun });
    await tick();
    await press(r.stdin, "f", "n");
    await tick();
    expect(apply).not.toHaveBeenCalled();
    expect(rerun).not.toHaveBeenCalled();
    expect(frame(r)).toContain("Nothing was changed.");
    expect(selectedLine(r)).toContain("ServiceAccount prod/api");
    r.unmount();
  });

  it("says why when wid cannot apply the fix, and y does nothing then", async () => {
    const r = app(result, { previewFix: async () => ({ title: "No fix wid can apply on its own", lines: ["needs your choice: which identity?", "kubectl wid setup -n prod --service-account api --identity IDENTITY_NAME --overwrite"] }) });
    await tick();
    await press(r.stdin, "f");
    expect(frame(r)).toContain("kubectl wid setup -n prod --service-account api");
    expect(frame(r)).toContain("Press any key to go back");
    await press(r.stdin, "y");
    expect(selectedLine(r)).toContain("ServiceAccount prod/api");
    r.unmount();
  });

  it("quits on q and on Ctrl-C, and takes keys sent together one by one", async () => {
    const r = app(result);
    await tick();
    await press(r.stdin, "jk");
    expect(selectedLine(r)).toContain("ServiceAccount prod/api");
    await press(r.stdin, "j\r");
    expect(frame(r)).toContain("Identity chain of shop/Deployment/api");
    await press(r.stdin, "q");
    expect(r.onQuit).toHaveBeenCalledTimes(1);
    await press(r.stdin, "\u0003");
    expect(r.onQuit).toHaveBeenCalledTimes(2);
    r.unmount();
  });
});
