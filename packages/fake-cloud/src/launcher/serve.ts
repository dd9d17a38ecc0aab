import { writeFile } from "node:fs/promises";
import { resolveScenario } from "../scenario/index.js";
import { startWorld, type World } from "../world.js";

export interface ServeOptions {
  /** A built-in scenario name or a scenario file; `default` when omitted. */
  scenario?: string;
  /** Where the `export` lines go; returned only (the caller prints them) when omitted. */
  envFile?: string;
  /** Directory for the kubeconfig and CA; a temporary one when omitted. */
  dir?: string;
}

export interface ServedWorld {
  world: World;
  /** The shell lines: `export KUBECONFIG='...'` and the rest, one per line. */
  exports: string;
  close(): Promise<void>;
}

function shellQuote(v: string): string {
  return `'${v.replace(/'/g, `'\\''`)}'`;
}

/** `export NAME='value'` lines a POSIX shell can `source` or `eval`. */
export function formatEnv(env: Record<string, string>): string {
  return Object.entries(env)
    .map(([k, v]) => `export ${k}=${shellQuote(v)}`)
    .join("\n") + "\n";
}

/** Starts a scenario's world and writes the shell exports that point kubectl and wid at it. */
export async function serveWorld(opts: ServeOptions = {}): Promise<ServedWorld> {
  const scenario = await resolveScenario(opts.scenario);
  const world = await startWorld(scenario, opts.dir ? { dir: opts.dir } : {});
  const exports = formatEnv(world.env);
  if (opts.envFile) {
    try {
      await writeFile(opts.envFile, exports, { mode: 0o600 });
    } catch (e) {
      await world.close();
      throw e;
    }
  }
  return { world, exports, close: () => world.close() };
}

/** Resolves on the first SIGINT or SIGTERM, after which the caller stops the world. */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (sig: NodeJS.Signals) => {
      process.off("SIGINT", on);
      process.off("SIGTERM", on);
      resolve(sig);
    };
    process.on("SIGINT", on);
    process.on("SIGTERM", on);
  });
}
