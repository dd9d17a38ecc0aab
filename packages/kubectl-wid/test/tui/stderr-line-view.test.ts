import { describe, expect, it } from "vitest";
import type { LoadProgress } from "@wid/core/sources/manifests";
import { fit, LINE_INTERVAL_MS, stderrLineView } from "../../src/tui/stderr-line-view.js";
import { screen } from "./screen.js";

const progress = (filesDone: number, files = 10): LoadProgress => ({ phase: "azure", file: `azure/${filesDone}.json`, files, filesDone, objects: filesDone });

function setup(columns = 80) {
  const out = { stdout: "", stderr: "" };
  let time = 0;
  const view = stderrLineView({ stdout: (t) => void (out.stdout += t), stderr: (t) => void (out.stderr += t) }, { columns, now: () => time });
  return { out, view, tick: (ms: number) => void (time += ms) };
}

describe("stderrLineView: progress on a terminal stderr while stdout is redirected", () => {
  it("rewrites one line in place, at most once per interval, and always the last file", () => {
    const { out, view, tick } = setup();
    view.loading(progress(1));
    view.loading(progress(2));
    tick(LINE_INTERVAL_MS);
    view.loading(progress(3));
    view.loading(progress(10));
    expect(out.stderr.split("\r\u001b[2K").filter(Boolean)).toEqual(["wid: Reading Azure exports (1/10 files, 1 resource) azure/1.json", "wid: Reading Azure exports (3/10 files, 3 resources) azure/3.json", "wid: Reading Azure exports (10/10 files, 10 resources) azure/10.json"]);
    expect(out.stdout).toBe("");
  });

  it("clears its line before a note and before the report, and writes the report to stdout alone", async () => {
    const { out, view } = setup();
    view.step("Starting");
    view.note("a warning\n");
    await view.checking(5, 2);
    await view.report("the report\n");
    await view.close();
    expect(out.stdout).toBe("the report\n");
    expect(screen(out.stderr)).toBe("a warning");
    expect(out.stderr).toContain("wid: Checking (5 objects and 2 Azure resources)");
  });

  it("leaves nothing behind when closed early, and writes nothing when nothing was drawn", async () => {
    const { out, view } = setup();
    await view.close();
    expect(out.stderr).toBe("");
    view.step("Starting");
    await view.close();
    expect(screen(out.stderr)).toBe("");
  });

  it("never wraps: a long line is cut to the terminal's width", () => {
    const { out, view } = setup(40);
    view.loading({ ...progress(1), file: "a/".repeat(50) + "x.json" });
    const line = out.stderr.replace("\r\u001b[2K", "");
    expect(line.length).toBe(39);
    expect(fit("short", 40)).toBe("short");
  });
});
