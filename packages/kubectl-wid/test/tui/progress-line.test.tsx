import { render } from "ink-testing-library";
import { describe, expect, it } from "vitest";
import type { LoadProgress } from "@wid/core/sources/manifests";
import { styler } from "../../src/output/style.js";
import { ProgressLine } from "../../src/tui/components/progress-line.js";
import { SPINNER_FRAMES } from "../../src/tui/components/spinner.js";

const ESC = "\u001b[";
const plain = styler(false);
const progress = (p: Partial<LoadProgress> = {}): LoadProgress => ({ phase: "manifests", file: "k8s/shop/api.yaml", files: 1305, filesDone: 412, objects: 8230, ...p });

function frameOf(node: React.ReactElement): string {
  const r = render(node);
  const frame = r.lastFrame() ?? "";
  r.unmount();
  return frame;
}

describe("ProgressLine", () => {
  it("shows a spinner, the phase, files and objects counted, and the file at hand", () => {
    const frame = frameOf(<ProgressLine activity={{ kind: "loading", progress: progress() }} style={plain} />);
    expect(SPINNER_FRAMES).toContain(frame.charAt(0));
    expect(frame).toMatch(/Reading manifests {2}412\/1,305 files, 8,230 objects {2}k8s\/shop\/api\.yaml$/);
  });

  it("counts Azure resources while reading exports", () => {
    const frame = frameOf(<ProgressLine activity={{ kind: "loading", progress: progress({ phase: "azure", file: "azure/fics.json", files: 6, filesDone: 1, objects: 1 }) }} style={plain} />);
    expect(frame).toMatch(/Reading Azure exports {2}1\/6 files, 1 resource {2}azure\/fics\.json$/);
  });

  it("shows what is being checked, and a step without counts", () => {
    expect(frameOf(<ProgressLine activity={{ kind: "checking", objects: 67, resources: 87 }} style={plain} />)).toMatch(/Checking {2}67 objects and 87 Azure resources$/);
    expect(frameOf(<ProgressLine activity={{ kind: "checking", objects: 0, resources: 5 }} style={plain} />)).toMatch(/Checking {2}5 Azure resources$/);
    expect(frameOf(<ProgressLine activity={{ kind: "step", label: "Starting the simulated cluster" }} style={plain} />)).toMatch(/^. Starting the simulated cluster$/);
  });

  it("stays on one line, keeping the end of a long path", () => {
    const file = `${"deeply/nested/".repeat(12)}deployment.yaml`;
    const frame = frameOf(<ProgressLine activity={{ kind: "loading", progress: progress({ file }) }} style={plain} />);
    expect(frame.split("\n")).toHaveLength(1);
    expect(frame).toMatch(/….*nested\/deployment\.yaml$/);
    expect(frame).toContain("412/1,305 files");
  });

  it("is coloured only when colour is on", () => {
    const activity = { kind: "loading", progress: progress() } as const;
    expect(frameOf(<ProgressLine activity={activity} style={plain} />)).not.toContain(ESC);
    expect(frameOf(<ProgressLine activity={activity} style={styler(true)} />)).toContain(`${ESC}1mReading manifests`);
  });
});
