import { describe, expect, it } from "vitest";
import { redactSecret } from "../../src/util/redact.js";

describe("redactSecret", () => {
  it("hides JWTs and secret-like runs, and keeps GUIDs, paths, URLs and words", () => {
    expect(redactSecret("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln")).toMatch(/^<redacted: 41 characters/);
    expect(redactSecret("Abc8Q~0123456789abcdefghijklmnopqrstuvwxyzAB")).toMatch(/^<redacted: /);
    for (const kept of ["11111111-2222-3333-4444-555555555555", "/var/run/secrets/azure/tokens/azure-identity-token", "https://login.microsoftonline.com/", "", "my-client"]) {
      expect(redactSecret(kept)).toBe(kept);
    }
  });
});
