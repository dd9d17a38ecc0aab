import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { stripAuthenticode } from "./authenticode.js";
import type { Emulator } from "./emulator.js";
import { runOrFail } from "./run.js";
import type { Target } from "./targets.js";

export interface SeaBuild {
  /** Whether V8's code cache for the bundle is inside: it is made by the target's own Node.js. */
  codeCache: boolean;
}

/**
 * Builds a Node.js single executable application: the bundle (one ES module) injected into the
 * target's `node` with `node --build-sea`. The code cache is made by running the target's Node.js,
 * natively or under an emulator; for targets that cannot run here the host's Node.js (the same
 * version) injects the bundle without one, as Node.js advises for cross-platform builds.
 */
export async function buildNodeSea(opts: {
  target: Target;
  bundle: string;
  /** The target's node executable. */
  targetNode: string;
  /** The host's node executable, of the same version. */
  hostNode: string;
  /** How the target's node runs here: natively (`null`), under an emulator, or not at all (undefined). */
  runner: Emulator | null | undefined;
  out: string;
  workDir: string;
}): Promise<SeaBuild> {
  const work = await mkdtemp(join(opts.workDir, "sea-"));
  try {
    let executable = opts.targetNode;
    if (opts.target.os === "windows") {
      executable = join(work, "node.exe");
      await writeFile(executable, stripAuthenticode(await readFile(opts.targetNode)));
    }
    const codeCache = opts.runner !== undefined;
    const config = {
      main: opts.bundle,
      mainFormat: "module",
      executable,
      output: opts.out,
      disableExperimentalSEAWarning: true,
      useCodeCache: codeCache,
      useSnapshot: false,
      // A plugin binary is not the user's Node.js: NODE_OPTIONS meant for their scripts (--require,
      // --import) must not run inside kubectl wid.
      execArgvExtension: "none",
    };
    const configFile = join(work, "sea-config.json");
    await writeFile(configFile, JSON.stringify(config, null, 2));
    const [command, ...pre] = opts.runner === undefined ? [opts.hostNode] : opts.runner === null ? [opts.targetNode] : [opts.runner.command, ...opts.runner.args, opts.targetNode];
    await runOrFail(`building the ${opts.target.os}/${opts.target.arch} single executable`, command!, [...pre, "--build-sea", configFile], {
      cwd: work,
      timeoutMs: 15 * 60_000,
      // NODE_OPTIONS of the shell that builds must not leak into the blob's build either.
      env: { ...process.env, NODE_OPTIONS: "" },
      hint: "node --build-sea needs Node.js 25.5 or later; the runtimes are pinned in packages/release/src/runtimes.ts",
    });
    await chmod(opts.out, 0o755);
    return { codeCache };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
