import { describe, expect, it } from "vitest";
import { exitCodeFor } from "../../src/output/fail-on.js";
import { orphanFinding, saFinding, webhookFinding } from "../helpers/reports.js";

describe("--fail-on", () => {
  const warningOnly = { findings: [webhookFinding, orphanFinding] };
  it("fails on errors by default threshold", () => {
    expect(exitCodeFor({ findings: [saFinding] }, "error")).toBe(1);
    expect(exitCodeFor(warningOnly, "error")).toBe(0);
  });
  it("fails at or above the threshold", () => {
    expect(exitCodeFor(warningOnly, "warning")).toBe(1);
    expect(exitCodeFor({ findings: [orphanFinding] }, "warning")).toBe(0);
    expect(exitCodeFor({ findings: [orphanFinding] }, "info")).toBe(1);
  });
  it("never fails with none, nor without findings", () => {
    expect(exitCodeFor({ findings: [saFinding] }, "none")).toBe(0);
    expect(exitCodeFor({ findings: [] }, "info")).toBe(0);
  });
});
