import { PassThrough } from "node:stream";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { describe, expect, it } from "vitest";
import { openKeyboard } from "../../src/tui/keyboard.js";

describe("openKeyboard", () => {
  it("finds no keyboard when stdin is a pipe and there is no terminal to open", () => {
    expect(openKeyboard(new PassThrough(), join(tmpdir(), "wid-no-such-tty"))).toBeUndefined();
  });

  it("finds no keyboard in a file that is not a terminal", () => {
    expect(openKeyboard(new PassThrough(), "/dev/null")).toBeUndefined();
  });
});
