import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const MAIN = resolve(import.meta.dirname, "../dist/main.js");
const scratch = mkdtempSync(join(tmpdir(), "wid-release-cli-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function release(args: string[]) {
  // An empty cache: a mistake must be refused before anything is fetched.
  const r = spawnSync(process.execPath, [MAIN, ...args], { encoding: "utf8", timeout: 60_000, env: { ...process.env, WID_CACHE_DIR: mkdtempSync(join(scratch, "cache-")) } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("pnpm release, on bad usage", () => {
  it("prints its usage with --help", () => {
    const r = release(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^pnpm release \[--out DIR\]/);
    expect(r.stdout).toContain("{version} and {file}");
  });

  it("refuses an unknown target or flag with one error line and a hint, before building anything", () => {
    const out = mkdtempSync(join(scratch, "out-"));
    const target = release(["--targets", "linux/amd64,plan9/amd64", "--out", out]);
    expect(target.code).toBe(2);
    expect(target.stderr).toBe('error: unknown target "plan9/amd64"\nhint: one of linux/amd64, linux/arm64, darwin/amd64, darwin/arm64, windows/amd64\n');
    const flag = release(["--url", "x"]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/^error: Unknown option '--url'.*\nhint: pnpm release --help shows the usage\n$/);
    expect(readdirSync(out)).toEqual([]);
  });

  it("refuses a URL template without {file}", () => {
    const r = release(["--targets", "linux/amd64", "--url-template", "https://example.com/wid.tar.gz", "--out", mkdtempSync(join(scratch, "out-"))]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/error: the release URL template "https:\/\/example\.com\/wid\.tar\.gz" has no \{file\}\nhint: /);
  });
});
