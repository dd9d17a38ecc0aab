import { describe, expect, it } from "vitest";
import { chooseView, inCI, type ViewContext } from "../../src/tui/choose-view.js";

const terminal: ViewContext = { output: "text", tty: true, stdoutIsTTY: true, stderrIsTTY: true, env: { TERM: "xterm-256color" } };

describe("chooseView", () => {
  it("is interactive for the text report on a terminal", () => {
    expect(chooseView(terminal)).toBe("interactive");
  });

  it("keeps JSON, YAML and SARIF plain, even on a terminal", () => {
    for (const output of ["json", "yaml", "sarif"]) expect(chooseView({ ...terminal, output })).toBe("plain");
  });

  it("shows progress on a terminal stderr while stdout goes to a pipe or a file, whatever the format", () => {
    expect(chooseView({ ...terminal, stdoutIsTTY: false })).toBe("stderr-line");
    expect(chooseView({ ...terminal, stdoutIsTTY: false, output: "json" })).toBe("stderr-line");
  });

  it("shows no progress when neither stream is a terminal", () => {
    expect(chooseView({ ...terminal, stdoutIsTTY: false, stderrIsTTY: false })).toBe("plain");
  });

  it("is plain with --no-tty, in CI and on a dumb terminal", () => {
    expect(chooseView({ ...terminal, tty: false })).toBe("plain");
    expect(chooseView({ ...terminal, env: { CI: "true" } })).toBe("plain");
    expect(chooseView({ ...terminal, env: { TERM: "dumb" } })).toBe("plain");
    expect(chooseView({ ...terminal, stdoutIsTTY: false, env: { CI: "1" } })).toBe("plain");
  });
});

describe("inCI", () => {
  it("reads CI and CONTINUOUS_INTEGRATION, where 0 and false mean no", () => {
    expect(inCI({ CI: "true" })).toBe(true);
    expect(inCI({ CI: "" })).toBe(true);
    expect(inCI({ CONTINUOUS_INTEGRATION: "yes" })).toBe(true);
    expect(inCI({ CI: "0" })).toBe(false);
    expect(inCI({ CI: "false" })).toBe(false);
    expect(inCI({})).toBe(false);
  });
});

describe("chooseView for the doctor and demo", () => {
  it("browses the findings on a terminal, prints the report with --no-interactive, and never browses off one", () => {
    expect(chooseView({ ...terminal, interactive: true })).toBe("browse");
    expect(chooseView({ ...terminal, interactive: false })).toBe("interactive");
    expect(chooseView({ ...terminal, interactive: true, output: "json" })).toBe("plain");
    expect(chooseView({ ...terminal, interactive: true, stdoutIsTTY: false })).toBe("stderr-line");
    expect(chooseView({ ...terminal, interactive: true, tty: false })).toBe("plain");
    expect(chooseView({ ...terminal, interactive: true, env: { CI: "true" } })).toBe("plain");
    expect(chooseView({ ...terminal, interactive: true, env: { TERM: "dumb" } })).toBe("plain");
  });
});
