import { UserError } from "@wid/core";
import { describe, expect, it } from "vitest";
import type { Io } from "../src/io.js";
import { reportError } from "../src/report-error.js";
import { UsageError } from "../src/usage-error.js";
import { STACK_FRAME } from "./helpers/cli.js";

function captureIo(env: Record<string, string> = {}): Io & { err: string } {
  const io = {
    err: "",
    stdout: () => {},
    stderr: (t: string) => {
      io.err += t;
    },
    stdin: process.stdin,
    stdoutIsTTY: false,
    env,
    cwd: "/",
  };
  return io;
}

describe("reportError", () => {
  it("prints a user's mistake with its hint, exit 2", async () => {
    const io = captureIo();
    expect(await reportError(new UserError("k8s/a.yaml: binary file", { file: "k8s/a.yaml", hint: "pass YAML" }), io)).toBe(2);
    expect(io.err).toBe("error: k8s/a.yaml: binary file\nhint: pass YAML\n");
  });

  it("adds file:line:col when the message does not name the file", async () => {
    const io = captureIo();
    await reportError(new UserError("duplicate key", { file: "a.yaml", line: 3, column: 5 }), io);
    expect(io.err).toBe("error: a.yaml:3:5: duplicate key\n");
  });

  it("prints a usage error with its hint, exit 2", async () => {
    const io = captureIo();
    expect(await reportError(new UsageError("unknown argument: x", "see --help"), io)).toBe(2);
    expect(io.err).toBe("error: unknown argument: x\nhint: see --help\n");
  });

  it("calls anything else a bug: exit 70, no stack unless WID_DEBUG=1", async () => {
    const quiet = captureIo();
    expect(await reportError(new TypeError("x is undefined"), quiet)).toBe(70);
    expect(quiet.err).toMatch(/^internal error \(a bug in wid\): x is undefined\nhint: run again with WID_DEBUG=1/);
    expect(quiet.err).not.toMatch(STACK_FRAME);

    const debug = captureIo({ WID_DEBUG: "1" });
    expect(await reportError(new TypeError("x is undefined"), debug)).toBe(70);
    expect(debug.err).toMatch(STACK_FRAME);
  });
});
