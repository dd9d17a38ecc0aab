import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The real kubectl (v1.32 on these machines). */
export const KUBECTL = ["/usr/bin/kubectl", "/usr/local/bin/kubectl"].find((p) => existsSync(p));

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs kubectl against a kubeconfig, with its own discovery cache, and resolves when it exits. */
export function kubectl(kubeconfig: string, args: string[], opts: { input?: string; timeoutMs?: number; onStdout?: (chunk: string) => void } = {}): Promise<Run> {
  const cache = mkdtempSync(join(tmpdir(), "kubectl-cache-"));
  return new Promise((resolve, reject) => {
    const child = spawn(KUBECTL!, args, {
      env: { PATH: process.env["PATH"] ?? "", HOME: cache, KUBECONFIG: kubeconfig, KUBECACHEDIR: cache },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
      opts.onStdout?.(d.toString());
    });
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`kubectl ${args.join(" ")} did not finish in ${opts.timeoutMs ?? 60_000} ms\n${stdout}\n${stderr}`));
    }, opts.timeoutMs ?? 60_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(opts.input ?? "");
  });
}
