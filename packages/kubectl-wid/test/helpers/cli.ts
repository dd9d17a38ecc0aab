import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Metafile } from "esbuild";
import { bundle, ENTRY_NAME } from "../../build.mjs";

export interface Built {
  entry: string;
  outdir: string;
  metafile: Metafile;
}

let built: Promise<Built> | undefined;

/** Bundles the CLI into a fresh directory, once per test file, so tests run what users run. */
export function buildCli(): Promise<Built> {
  built ??= (async () => {
    const outdir = mkdtempSync(join(tmpdir(), "wid-cli-"));
    const { metafile } = await bundle({ outdir });
    return { entry: join(outdir, `${ENTRY_NAME}.mjs`), outdir, metafile };
  })();
  return built;
}

/** Removes the bundle built for this test file (call from afterAll). */
export async function removeBuiltCli(): Promise<void> {
  if (!built) return;
  rmSync((await built).outdir, { recursive: true, force: true });
  built = undefined;
}

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The command line that starts the CLI: the bundle on the Node that runs the tests, or, when
 * WID_CLI_EXECUTABLE names one, a released single executable (the same suites then test it).
 */
export async function cliCommand(): Promise<[string, ...string[]]> {
  const executable = process.env["WID_CLI_EXECUTABLE"];
  if (executable) return [executable];
  const { entry } = await buildCli();
  return [process.execPath, entry];
}

/** Runs the CLI as a process (see cliCommand). */
export async function runCli(args: string[], opts: { stdin?: string; env?: Record<string, string>; cwd?: string; timeout?: number } = {}): Promise<Run> {
  const [file, ...pre] = await cliCommand();
  const r = spawnSync(file, [...pre, ...args], {
    input: opts.stdin ?? "",
    encoding: "utf8",
    cwd: opts.cwd ?? process.cwd(),
    env: { PATH: process.env["PATH"] ?? "", ...opts.env },
    timeout: opts.timeout ?? 15_000,
  });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A Node stack frame (`    at fn (file:line:col)`): bad input must never print one. */
export const STACK_FRAME = /^\s+at .+[:(]\d+/m;
