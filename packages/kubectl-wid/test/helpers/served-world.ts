import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cliCommand } from "./cli.js";

/** The exported variables of an env file written by `demo --serve --save-env`. */
export function readExports(file: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const m = /^export ([A-Z_]+)='(.*)'$/.exec(line);
    if (m) env[m[1]!] = m[2]!.replace(/'\\''/g, "'");
  }
  return env;
}

export interface ServedWorld {
  /** What `. wid.env` exports: kubectl and wid in another shell reach the world with it. */
  env: Record<string, string>;
  stop(): void;
}

/**
 * `kubectl wid demo --serve --save-env F` as a process, as a user starts it in one shell, with the
 * CLI under test (a released single executable too: see cliCommand).
 */
export async function serveDemo(extra: string[] = []): Promise<ServedWorld> {
  const [command, ...pre] = await cliCommand();
  const envFile = join(mkdtempSync(join(tmpdir(), "wid-served-")), "wid.env");
  const child: ChildProcess = spawn(command, [...pre, "demo", "--serve", "--save-env", envFile, ...extra], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  await new Promise<void>((ready, fail) => {
    child.stderr!.on("data", (d: Buffer) => {
      stderr += d.toString();
      if (stderr.includes("Ctrl-C stops it")) ready();
    });
    child.on("exit", (code) => fail(new Error(`demo --serve exited with ${code}: ${stderr}`)));
  });
  return {
    env: readExports(envFile),
    stop: () => {
      if (child.exitCode === null) child.kill("SIGTERM");
    },
  };
}

/** Runs the real kubectl against the served world. */
export function kubectlArgs(env: Record<string, string>, args: string[]): string[] {
  return ["--kubeconfig", env["KUBECONFIG"]!, ...args];
}
