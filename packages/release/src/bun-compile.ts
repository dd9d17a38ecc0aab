import { chmod } from "node:fs/promises";
import { runOrFail } from "./run.js";
import type { Target } from "./targets.js";

const BUN_TARGET: Record<string, string> = {
  "linux/amd64": "bun-linux-x64",
  "linux/arm64": "bun-linux-arm64",
  "darwin/amd64": "bun-darwin-x64",
  "darwin/arm64": "bun-darwin-arm64",
  "windows/amd64": "bun-windows-x64",
};

/**
 * Compiles the bundle into a Bun executable for the target, with its bytecode inside. Bun signs
 * macOS executables ad hoc, which Apple silicon requires. The executable reads no .env or
 * bunfig.toml from the directory it runs in: a kubectl plugin must not take settings from
 * whatever folder the user stands in.
 */
export async function buildBun(opts: { target: Pick<Target, "os" | "arch">; bundle: string; hostBun: string; targetBun: string; out: string; workDir: string }): Promise<void> {
  const id = `${opts.target.os}/${opts.target.arch}`;
  await runOrFail(`compiling the ${id} Bun executable`, opts.hostBun, [
    "build",
    opts.bundle,
    "--compile",
    "--bytecode",
    "--format=esm",
    `--target=${BUN_TARGET[id]}`,
    `--compile-executable-path=${opts.targetBun}`,
    "--no-compile-autoload-dotenv",
    "--no-compile-autoload-bunfig",
    `--outfile=${opts.out}`,
  ], { cwd: opts.workDir, timeoutMs: 10 * 60_000 });
  await chmod(opts.out, 0o755);
}
