import { spawnSync } from "node:child_process";
import { allChecks } from "@wid/core/checks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCli, removeBuiltCli, runCli, STACK_FRAME } from "../helpers/cli.js";

beforeAll(async () => {
  await buildCli();
});

afterAll(removeBuiltCli);

describe("kubectl wid --help", () => {
  it("names the tool kubectl wid and lists the commands", async () => {
    const r = await runCli(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^kubectl wid <command>/);
    for (const command of ["doctor", "status", "checks", "explain <id>", "version"]) expect(r.stdout).toContain(`kubectl wid ${command}`);
  });

  it("shows the doctor's kubectl-style flags", async () => {
    const r = await runCli(["doctor", "--help"]);
    expect(r.code).toBe(0);
    for (const flag of ["-f, --filename", "--azure", "-n, --namespace", "-A, --all-namespaces", "--kubeconfig", "--context", "-o, --output", "--fail-on", "--check", "--skip", "--cluster", "--target", "--verbose", "--color"]) {
      expect(r.stdout).toContain(flag);
    }
  });

  it("without a command: usage error, exit 2", async () => {
    const r = await runCli([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: no command given\nhint: 'kubectl wid --help'/);
  });

  it("suggests the nearest command for a typo", async () => {
    const r = await runCli(["docter"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: unknown command "docter"\nhint: did you mean "doctor"\?/);
  });
});

describe("kubectl wid checks", () => {
  it("-o json lists every check of the catalog with its metadata", async () => {
    const r = await runCli(["checks", "-o", "json"]);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as { id: string; severity: string; data: string[]; title: string; implemented: boolean; fixable: boolean }[];
    expect(rows.map((x) => x.id)).toEqual(allChecks.map((c) => c.meta.id));
    for (const c of allChecks) {
      expect(rows.find((x) => x.id === c.meta.id)).toEqual({ id: c.meta.id, severity: c.meta.severity, data: [...c.meta.data], title: c.meta.title, implemented: c.detect !== undefined, fixable: c.meta.fixable });
    }
  });

  it("prints a table by default", async () => {
    const r = await runCli(["checks"]);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^ID\s+SEVERITY\s+DATA\s+STATUS\s+FIX\s+TITLE$/);
    expect(lines).toHaveLength(allChecks.length + 1);
    expect(lines.find((l) => l.startsWith("sa-client-id-missing "))).toMatch(/\berror\s+M,K\s+ready\s+-\s+/);
    expect(lines.find((l) => l.startsWith("sa-token-expiration-invalid "))).toMatch(/\berror\s+M,K\s+ready\s+yes\s+/);
  });
});

describe("kubectl wid explain", () => {
  it("prints the check's docs", async () => {
    const r = await runCli(["explain", "sa-client-id-missing"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^# sa-client-id-missing\n/);
    expect(r.stdout).toContain("kubectl wid doctor --skip sa-client-id-missing");
  });

  it("suggests the nearest id for an unknown one", async () => {
    const r = await runCli(["explain", "fic-isuer-mismatch"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: unknown check id "fic-isuer-mismatch"\nhint: did you mean "fic-issuer-mismatch"/);
    expect(r.stderr).not.toMatch(STACK_FRAME);
  });
});

describe("kubectl wid version", () => {
  const git = spawnSync("git", ["rev-parse", "--short=12", "HEAD"], { encoding: "utf8" });
  const commit = git.status === 0 ? git.stdout.trim() : "unknown";
  const os = process.platform === "win32" ? "windows" : process.platform;
  const arch = process.arch === "x64" ? "amd64" : process.arch;
  // The suites also run against a released executable (WID_CLI_EXECUTABLE), whose runtime is its own.
  const released = process.env["WID_CLI_EXECUTABLE"] !== undefined;

  it("prints the package version, the commit it was built from, the platform and the runtime", async () => {
    const { version } = (await import("../../package.json", { with: { type: "json" } })).default;
    const r = await runCli(["version"]);
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")).toEqual([
      `kubectl-wid ${version}`,
      `commit:   ${commit}`,
      `platform: ${os}/${arch}`,
      released ? expect.stringMatching(/^runtime:  (Node\.js \d+\.\d+\.\d+|Bun \S+ \(Node\.js \S+ APIs\)), single executable$/) : `runtime:  Node.js ${process.versions.node}`,
      "",
    ]);
  });

  it("prints the same as JSON with -o json", async () => {
    const { version } = (await import("../../package.json", { with: { type: "json" } })).default;
    const r = await runCli(["version", "-o", "json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      version,
      commit,
      platform: { os, arch },
      runtime: released
        ? expect.objectContaining({ singleExecutable: true })
        : { name: "node", version: process.versions.node, nodeVersion: process.versions.node, singleExecutable: false },
    });
  });
});
