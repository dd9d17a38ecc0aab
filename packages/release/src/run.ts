import { spawn } from "node:child_process";
import { UserError } from "@wid/core";

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a program to its end, or kills it after `timeoutMs`: every step of a release waits on
 * something (the registry, a compiler), and none may wait forever.
 */
export function run(command: string, args: readonly string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    // Nothing is typed into the steps: stdin is /dev/null, so none can wait for it.
    const child = spawn(command, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const timeoutMs = opts.timeoutMs ?? 10 * 60_000;
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new UserError(`\`${command} ${args.join(" ")}\` did not finish within ${Math.round(timeoutMs / 1000)} s`, { hint: "run it by hand to see where it waits" }));
    }, timeoutMs);
    child.on("error", (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(e.code === "ENOENT" ? new UserError(`${command} was not found`, { hint: `install ${command}, or put it on PATH` }) : e);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs a program and throws a UserError naming the step when it fails. */
export async function runOrFail(step: string, command: string, args: readonly string[], opts: Parameters<typeof run>[2] & { hint?: string } = {}): Promise<RunResult> {
  const r = await run(command, args, opts);
  if (r.code !== 0) {
    const detail = (r.stderr || r.stdout).trim().split("\n").slice(-8).join("\n  ");
    throw new UserError(`${step} failed: \`${[command, ...args].join(" ")}\` exited with ${r.code}${detail ? `:\n  ${detail}` : ""}`, { hint: opts.hint ?? "the lines above are the end of its output" });
  }
  return r;
}
