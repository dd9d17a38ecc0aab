import { describe, expect, it } from "vitest";
import type { LoadProgress } from "@wid/core/sources/manifests";
import { styler } from "../../src/output/style.js";
import { renderText } from "../../src/output/text.js";
import { interactiveView, REPORT_CHUNK_LINES } from "../../src/tui/interactive-view.js";
import { notRun, report, saFinding, ficFinding } from "../helpers/reports.js";
import { fakeTerminal, screen } from "./screen.js";

const text = renderText(report([saFinding, ficFinding], notRun), { style: styler(false), verbose: false });
const progress = (filesDone: number, files = 3): LoadProgress => ({ phase: "manifests", file: `k8s/app-${filesDone}.yaml`, files, filesDone, objects: filesDone * 2 });
const occurrences = (s: string, part: string) => s.split(part).length - 1;

describe("interactiveView on a terminal", () => {
  it("draws progress while loading and checking, then leaves exactly the report and the notes on the screen", async () => {
    const term = fakeTerminal();
    const view = interactiveView({ ...term, style: styler(false) });
    view.step("Starting");
    view.loading(progress(1));
    await new Promise((r) => setTimeout(r, 60));
    // Superseded by the checks before the next frame is due: never drawn.
    view.loading(progress(3));
    await view.checking(6, 0);
    view.note("k8s/x.yaml: warning: empty file\n");
    await view.report(text);
    await view.close();
    const bytes = term.bytes();
    for (const drawn of ["Starting", "Reading manifests  1/3 files, 2 objects  k8s/app-1.yaml", "Checking  6 objects"]) expect(bytes).toContain(drawn);
    expect(bytes).not.toContain("3/3 files");
    expect(screen(bytes)).toBe(`k8s/x.yaml: warning: empty file\n${text}`.replace(/\n$/, ""));
    // The cursor, hidden while drawing, is shown again.
    expect(bytes.lastIndexOf("\u001b[?25h")).toBeGreaterThan(bytes.lastIndexOf("\u001b[?25l"));
  });

  it("draws a burst of progress reports once, with the latest counts", async () => {
    const term = fakeTerminal();
    const view = interactiveView({ ...term, style: styler(false) });
    for (let i = 0; i <= 1000; i++) view.loading(progress(i, 1000));
    await new Promise((r) => setTimeout(r, 120));
    await view.close();
    const bytes = term.bytes();
    expect(occurrences(bytes, "Reading manifests")).toBeLessThanOrEqual(3);
    expect(bytes).toContain("1,000/1,000 files, 2,000 objects");
  });

  it("leaves nothing on the screen when closed without a report, as when loading fails", async () => {
    const term = fakeTerminal();
    const view = interactiveView({ ...term, style: styler(false) });
    view.loading(progress(1));
    await view.checking(2, 0);
    await view.close();
    await view.close();
    expect(term.bytes()).toContain("Checking");
    expect(screen(term.bytes())).toBe("");
  });

  it("prints a long report whole, in chunks", async () => {
    const term = fakeTerminal({ columns: 40 });
    const long = Array.from({ length: REPORT_CHUNK_LINES * 2 + 17 }, (_, i) => (i % 10 === 9 ? "" : `line ${i} ${"x".repeat((i % 60) + 1)}`)).join("\n") + "\nsummary\n";
    const view = interactiveView({ ...term, style: styler(false) });
    await view.report(long);
    await view.close();
    expect(screen(term.bytes())).toBe(long.replace(/\n$/, ""));
  });
});
