import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KUBECTL, kubectl } from "../kube/helpers/kubectl.js";

const here = dirname(fileURLToPath(import.meta.url));
const CLI = resolve(here, "../../../kubectl-wid/dist/kubectl-wid.mjs");

/** The exported variables of an env file written by `demo --serve --save-env`. */
function readExports(file: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const m = line.match(/^export ([A-Z_]+)='(.*)'$/);
    if (m) env[m[1]!] = m[2]!.replace(/'\\''/g, "'");
  }
  return env;
}

/** `kubectl wid ARGS` run as another shell would, with the env file's exports. */
function widIn(env: Record<string, string>, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ["--", CLI, ...args], { stdio: ["ignore", "pipe", "pipe"], env: { PATH: process.env["PATH"] ?? "", ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("exit", (code) => done({ code, stdout, stderr }));
  });
}

// `pnpm wid demo --serve --env-file F` as a user runs it (--env-file, the other name of --save-env):
// kubectl in another shell talks to the world.
describe.skipIf(!KUBECTL || !existsSync(CLI))("kubectl wid demo --serve", { timeout: 90_000 }, () => {
  const envFile = join(mkdtempSync(join(tmpdir(), "wid-serve-")), "wid.env");
  let child: ChildProcess;
  let stderr = "";
  let env: Record<string, string>;
  const k = (args: string[], input?: string) => kubectl(env["KUBECONFIG"]!, args, input === undefined ? {} : { input });

  beforeAll(async () => {
    // `--` as `pnpm wid` does it: Node.js reads --env-file anywhere on its own command line
    child = spawn(process.execPath, ["--", CLI, "demo", "--serve", "--env-file", envFile], { stdio: ["ignore", "pipe", "pipe"] });
    await new Promise<void>((ready, fail) => {
      child.stderr!.on("data", (d: Buffer) => {
        stderr += d.toString();
        if (stderr.includes("Ctrl-C stops it")) ready();
      });
      child.on("exit", (code) => fail(new Error(`demo --serve exited with ${code}: ${stderr}`)));
    });
    env = readExports(envFile);
  }, 60_000);
  afterAll(() => {
    if (child.exitCode === null) child.kill("SIGKILL");
  });

  it("writes the exports that point kubectl and wid at the world", () => {
    expect(Object.keys(env).sort()).toEqual(
      ["AZURE_AUTHORITY_HOST", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET", "AZURE_SUBSCRIPTION_ID", "AZURE_TENANT_ID", "AZURE_TOKEN_CREDENTIALS", "KUBECONFIG", "NODE_EXTRA_CA_CERTS", "WID_ARM_ENDPOINT", "WID_AUTHORITY_HOST", "WID_OIDC_ISSUER"].sort(),
    );
    expect(readFileSync(env["NODE_EXTRA_CA_CERTS"]!, "utf8")).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(env["WID_ARM_ENDPOINT"]).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    // it holds a client secret: readable by its owner alone
    expect(statSync(envFile).mode & 0o777).toBe(0o600);
  });

  it("lets kubectl list, apply, patch, restart and mint tokens", async () => {
    expect((await k(["get", "deployments", "-A"])).stdout).toMatch(/^shop\s+orders\s+2\/2/m);
    const applied = await k(["apply", "-f", "-"], "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: api\n  namespace: shop\n");
    expect(applied.stdout).toBe("serviceaccount/api created\n");
    expect((await k(["patch", "sa", "api", "-n", "shop", "--type=merge", "-p", '{"metadata":{"annotations":{"azure.workload.identity/client-id":"5f4e3d2c-1b0a-4987-8654-3210fedcba98"}}}'])).stdout).toBe("serviceaccount/api patched\n");
    expect((await k(["rollout", "restart", "deployment/cart", "-n", "shop"])).stdout).toBe("deployment.apps/cart restarted\n");
    const token = await k(["create", "token", "api", "-n", "shop", "--audience", "api://AzureADTokenExchange"]);
    const claims = JSON.parse(Buffer.from(token.stdout.trim().split(".")[1]!, "base64url").toString());
    expect(claims).toMatchObject({ iss: env["WID_OIDC_ISSUER"], sub: "system:serviceaccount:shop:api" });
  });

  it("lets `kubectl wid doctor -A -o json` and `kubectl wid status -A` read the world from another shell", async () => {
    const doctor = await widIn(env, ["doctor", "-A", "-o", "json"]);
    expect(doctor.code).toBe(1);
    expect(doctor.stderr).toBe("");
    const report = JSON.parse(doctor.stdout) as { findings: { checkId: string; object: { kind: string; name: string } }[]; unread: unknown[] };
    expect(report.unread).toEqual([]);
    const ids = new Set(report.findings.map((f) => f.checkId));
    for (const id of ["pod-not-mutated", "runtime-aadsts-error", "fic-subject-mismatch", "webhook-admission-errors"]) expect(ids.has(id), id).toBe(true);
    const status = await widIn(env, ["status", "-A"]);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/^shop\/Deployment\/orders {2}ok$/m);
    expect(status.stdout).toMatch(/^shop\/Deployment\/payments {2}broken\n(?:.*\n)*? {2}broken {3}federated-credential {2}\(none\) {2}fic-subject-mismatch, runtime-aadsts-error$/m);
    expect(status.stdout).toMatch(/^\d+ workloads: \d+ ok, \d+ broken, \d+ unknown$/m);
  });

  it("stops on SIGTERM", async () => {
    const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(stderr).toContain("Stopped (SIGTERM).");
  });
});

describe.skipIf(!existsSync(CLI))("kubectl wid demo", { timeout: 90_000 }, () => {
  it("prints the doctor's report on the default world and stops it", async () => {
    const child = spawn(process.execPath, ["--", CLI, "demo", "-o", "json"], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
    const code = await new Promise<number | null>((r) => child.on("exit", (c) => r(c)));
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { version: number; findings: { checkId: string; severity: string }[] };
    expect(report.version).toBe(1);
    expect(new Set(report.findings.filter((f) => f.severity !== "info").map((f) => f.checkId)).size).toBeGreaterThanOrEqual(8);
  });
});

describe.skipIf(!existsSync(CLI))("kubectl wid demo writing files (--export, --save-env)", { timeout: 90_000 }, () => {
  const run = (args: string[]) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
      const child = spawn(process.execPath, ["--", CLI, "demo", ...args], { stdio: ["ignore", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
      child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
      child.on("exit", (code) => done({ code, stdout, stderr }));
    });

  it("writes the world's manifests and Azure CLI JSON; the offline doctor on them finds the same configuration mistakes", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "wid-export-")), "world");
    const demo = await run(["--export", dir, "-o", "json"]);
    expect(demo.code).toBe(0);
    type Doc = { findings: { checkId: string; object: { kind: string; namespace: string | null; name: string; file: string | null; line: number | null } }[] };
    const report = JSON.parse(demo.stdout) as Doc;
    // read live, cluster and Azure: no finding points into a file
    expect(report.findings.every((f) => f.object.file === null)).toBe(true);
    for (const file of ["cluster.yaml", "azure/identities.json", "azure/federated-credentials.json"]) expect(existsSync(join(dir, file)), file).toBe(true);
    const again = spawn(process.execPath, ["--", CLI, "doctor", "-f", join(dir, "cluster.yaml"), "--azure", join(dir, "azure"), "--cluster", "aks-shop-prod", "-o", "json"], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    again.stdout!.on("data", (d: Buffer) => (out += d.toString()));
    await new Promise((r) => again.on("exit", r));
    // what only a live cluster shows (running pods, events, logs) aside, the same findings on the same objects
    const liveOnly = /^(pod-not-mutated|pod-stale-client-id|pod-sidecar-not-mutated|webhook-.*|runtime-aadsts-error|fic-orphaned)$/;
    const ids = (r: Doc) => r.findings.filter((f) => !liveOnly.test(f.checkId)).map((f) => `${f.checkId} ${f.object.kind} ${f.object.namespace ?? ""}/${f.object.name}`).sort();
    expect(ids(JSON.parse(out) as Doc)).toEqual(ids(report));
    expect(report.findings.some((f) => liveOnly.test(f.checkId))).toBe(true);
  });

  it("refuses --save-env without --serve, writing nothing", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "wid-env-")), "wid.env");
    const demo = await run(["--save-env", file]);
    expect(demo.code).toBe(2);
    expect(demo.stderr).toMatch(/^error: --save-env is only used with --serve\nhint: /);
    expect(existsSync(file)).toBe(false);
  });

  it("refuses a folder that is not empty, and overwrites nothing", async () => {
    const dir = mkdtempSync(join(tmpdir(), "wid-export-"));
    writeFileSync(join(dir, "cluster.yaml"), "mine\n");
    const demo = await run(["--export", dir]);
    expect(demo.code).toBe(2);
    expect(demo.stderr).toMatch(/^error: --export .*: the folder is not empty\nhint: /);
    expect(readFileSync(join(dir, "cluster.yaml"), "utf8")).toBe("mine\n");
  });
});
