import { render } from "ink-testing-library";
import { describe, expect, it } from "vitest";
import { styler } from "../../src/output/style.js";
import { renderText } from "../../src/output/text.js";
import { DoctorView } from "../../src/tui/components/doctor-view.js";
import { widthOf } from "../../src/tui/components/report-lines.js";
import { ficFinding, notRun, orphanFinding, report, saFinding } from "../helpers/reports.js";

const ESC = "\u001b[";

/** The report as the interactive view is given it: lines in chunks, the last one apart. */
function split(text: string, size: number): { chunks: string[][]; last: string } {
  const lines = text.replace(/\n$/, "").split("\n");
  const last = lines.pop()!;
  const chunks: string[][] = [];
  for (let i = 0; i < lines.length; i += size) chunks.push(lines.slice(i, i + size));
  return { chunks, last };
}

function shown(text: string, color: boolean, size = 7): string {
  const { chunks, last } = split(text, size);
  const r = render(<DoctorView chunks={chunks} last={last} style={styler(color)} />);
  const frame = r.lastFrame() ?? "";
  r.unmount();
  return frame;
}

describe("DoctorView: the final report", () => {
  const text = renderText(report([saFinding, ficFinding, orphanFinding], notRun), { style: styler(false), verbose: false });

  it("prints the same lines as the text report, blank lines included, across chunks", () => {
    expect(text.split("\n").filter((l) => l === "").length).toBeGreaterThan(2);
    expect(shown(text, false)).toBe(text.replace(/\n$/, ""));
    expect(shown(text, false, 1)).toBe(text.replace(/\n$/, ""));
  });

  it("does not break lines longer than the terminal (ink-testing-library's is 100 columns)", () => {
    const command = `az role assignment create --scope /subscriptions/${"0".repeat(36)}/resourceGroups/rg-shop/providers/Microsoft.KeyVault/vaults/kv-shop`;
    const long = `head\n  ${command}\n\nsummary: 1 error\n`;
    expect(command.length).toBeGreaterThan(100);
    expect(shown(long, false)).toBe(long.replace(/\n$/, ""));
  });

  it("keeps the report's colours on a colour terminal, and adds none without", () => {
    const coloured = renderText(report([saFinding], notRun), { style: styler(true), verbose: false });
    const uncoloured = renderText(report([saFinding], notRun), { style: styler(false), verbose: false });
    expect(shown(coloured, true)).toContain(`${ESC}31m`);
    expect(shown(coloured, true).replace(/\u001b\[[0-9;]*m/g, "")).toBe(uncoloured.replace(/\n$/, ""));
    expect(shown(uncoloured, false)).not.toContain(ESC);
  });

  it("shows the progress line below what was printed, and no progress once the report is done", () => {
    const r = render(<DoctorView chunks={[["first lines"]]} activity={{ kind: "checking", objects: 3, resources: 0 }} style={styler(false)} />);
    expect(r.lastFrame()).toMatch(/^first lines\n. Checking {2}3 objects$/);
    r.rerender(<DoctorView chunks={[["first lines"]]} last="summary" style={styler(false)} />);
    expect(r.lastFrame()).toBe("first lines\nsummary");
    r.unmount();
  });
});

describe("widthOf", () => {
  it("measures the widest line without its colours, counting characters outside ASCII twice", () => {
    expect(widthOf(["ab", "\u001b[31mabcd\u001b[39m"])).toBe(4);
    expect(widthOf(["3600–86400"])).toBe(20);
    expect(widthOf([""])).toBe(1);
  });
});
