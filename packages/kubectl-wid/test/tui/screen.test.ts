import { describe, expect, it } from "vitest";
import { screen } from "./screen.js";

describe("screen (the terminal model the view tests read)", () => {
  it("overwrites a line after a carriage return and erases it with ESC[2K", () => {
    expect(screen("progress 1\rprogress 22\r\u001b[2Kreport\n")).toBe("report");
  });

  it("moves up and erases the lines of a frame, as Ink's eraseLines does, and drops colours", () => {
    expect(screen("static\nframe a\nframe b\n\u001b[2K\u001b[1A\u001b[2K\u001b[1A\u001b[2K\u001b[G\u001b[31mred\u001b[39m\n")).toBe("static\nred");
  });

  it("keeps blank lines inside the text", () => {
    expect(screen("a\n\nb\n")).toBe("a\n\nb");
  });
});
