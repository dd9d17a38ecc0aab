import { spawnSync } from "node:child_process";
import { chmodSync, cpSync, lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCli, cliCommand, removeBuiltCli, runCli, STACK_FRAME } from "../helpers/cli.js";

const repo = join(import.meta.dirname, "..", "..", "..", "..");
const USE = "azure.workload.identity/use";

/** A ServiceAccount with a misspelled tenant annotation and a Deployment whose label value is wrong, with comments. */
const APP = `# payments: hand-written, reviewed
apiVersion: v1
kind: ServiceAccount
metadata:
  name: payments   # the app's identity
  namespace: shop
  annotations:
    azure.workload.identity/client-id: "11111111-2222-3333-4444-555555555555"
    azure.workload.identity/tenant_id: "72f988bf-86f1-41af-91ab-2d7cd011db47"
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: payments
  namespace: shop
spec:
  selector:
    matchLabels: {app: payments}
  template:
    metadata:
      labels:
        app: payments
        ${USE}: "True"   # enable workload identity
    spec:
      serviceAccountName: payments
      containers:
        - name: api
          image: shop/payments:3
`;
const FIXED = APP.replace("azure.workload.identity/tenant_id:", "azure.workload.identity/tenant-id:").replace(`${USE}: "True"`, `${USE}: "true"`);

let dirs: string[] = [];
function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "wid-fix-"));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

beforeAll(async () => {
  await buildCli();
});

afterAll(async () => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
  await removeBuiltCli();
});

describe("kubectl wid fix -f", () => {
  it("with --yes: shows the diff, writes the fixes, says what it fixed, and a second run finds nothing to fix", async () => {
    const dir = folder({ "app.yaml": APP });
    const r = await runCli(["fix", "-f", "app.yaml", "--yes"], { cwd: dir });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("--- a/app.yaml\n+++ b/app.yaml\n");
    expect(r.stdout).toContain('-    azure.workload.identity/tenant_id: "72f988bf');
    expect(r.stdout).toContain('+    azure.workload.identity/tenant-id: "72f988bf');
    expect(r.stdout).toMatch(/Fixed 2 findings; 0 findings remain\./);
    expect(readFileSync(join(dir, "app.yaml"), "utf8")).toBe(FIXED);
    const again = await runCli(["fix", "-f", "app.yaml", "--yes"], { cwd: dir });
    expect(again.stdout).toBe("Nothing to fix: no finding.\n");
    expect(again.code).toBe(0);
  });

  it("without a terminal and without --yes, prints the plan, changes nothing and exits 1", async () => {
    const dir = folder({ "app.yaml": APP });
    const r = await runCli(["fix", "-f", dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("+++ b/");
    expect(r.stdout).toMatch(/2 fixes to 1 file planned; no file was changed: run again with --yes/);
    expect(readFileSync(join(dir, "app.yaml"), "utf8")).toBe(APP);
  });

  it("--dry-run changes nothing, even with --yes", async () => {
    const dir = folder({ "app.yaml": APP });
    const r = await runCli(["fix", "-f", dir, "--dry-run", "--yes"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Dry run: 2 fixes to 1 file planned; no file was changed\./);
    expect(readFileSync(join(dir, "app.yaml"), "utf8")).toBe(APP);
  });

  it("-f - prints the fixed stream on stdout and everything else on stderr", async () => {
    const r = await runCli(["fix", "-f", "-"], { stdin: APP });
    expect(r.stdout).toBe(FIXED);
    expect(r.stderr).toContain("2 fixes fixed in the stream");
    expect(r.code).toBe(0);
  });

  it("keeps the file's mode and writes through a symbolic link to its target", async () => {
    const dir = folder({ "real.yaml": APP });
    chmodSync(join(dir, "real.yaml"), 0o640);
    symlinkSync("real.yaml", join(dir, "link.yaml"));
    const r = await runCli(["fix", "-f", join(dir, "link.yaml"), "--yes"]);
    expect(r.code).toBe(0);
    expect(lstatSync(join(dir, "link.yaml")).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, "link.yaml"))).toBe("real.yaml");
    expect(readFileSync(join(dir, "real.yaml"), "utf8")).toBe(FIXED);
    expect(statSync(join(dir, "real.yaml")).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir).sort()).toEqual(["link.yaml", "real.yaml"]);
  });

  it("keeps CRLF line ends and a byte order mark", async () => {
    const crlf = "\ufeff" + APP.replace(/\n/g, "\r\n");
    const dir = folder({ "app.yaml": crlf });
    const r = await runCli(["fix", "-f", dir, "--yes"]);
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, "app.yaml"), "utf8")).toBe("\ufeff" + FIXED.replace(/\n/g, "\r\n"));
  });

  it("mends what the first fixes reveal in the same run: a fixed client-id annotation shows the missing pod label", async () => {
    const text = APP.replace("azure.workload.identity/client-id:", "azure.workload.identity/clientId:").replace(`        ${USE}: "True"   # enable workload identity\n`, "");
    const dir = folder({ "app.yaml": text });
    const r = await runCli(["fix", "-f", dir, "--yes", "--check", "sa-annotation-typo,pod-label-missing"]);
    expect(r.code).toBe(0);
    const out = readFileSync(join(dir, "app.yaml"), "utf8");
    expect(out).toContain("azure.workload.identity/client-id:");
    expect(out).toContain(`${USE}: "true"`);
  });

  it("refuses bad usage with one line and a hint, never a stack", async () => {
    for (const args of [["fix"], ["fix", "-f", "-", "-f", "x.yaml"], ["fix", "-f", "nope.yaml"], ["fix", "-f", "x", "--check", "no-such-check"]]) {
      const r = await runCli(args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr, args.join(" ")).toMatch(/^error: .+\nhint: .+\n$/);
      expect(r.stderr).not.toMatch(STACK_FRAME);
    }
  });
});

// util-linux `script` runs the CLI on a pseudo-terminal; what it reads on stdin is typed at the prompt
const hasScript = spawnSync("script", ["--version"], { encoding: "utf8" }).status === 0;
async function onTerminal(args: string[], typed: string): Promise<{ code: number | null; screen: string }> {
  const cli = await cliCommand();
  const quote = (x: string) => `'${x.replace(/'/g, "'\\''")}'`;
  const r = spawnSync("script", ["-qfec", [...cli, ...args].map(quote).join(" "), "/dev/null"], {
    input: typed,
    encoding: "utf8",
    env: { PATH: process.env["PATH"] ?? "", TERM: "xterm-256color", NO_COLOR: "1" },
    timeout: 30_000,
  });
  if (r.error) throw r.error;
  return { code: r.status, screen: r.stdout.replace(/\r\n/g, "\n") };
}

describe.skipIf(!hasScript)("kubectl wid fix on a terminal", () => {
  it("asks before writing: y applies the fixes", async () => {
    const dir = folder({ "app.yaml": APP });
    const r = await onTerminal(["fix", "-f", join(dir, "app.yaml")], "y\n");
    expect(r.screen).toContain("Apply 2 fixes to 1 file? [y/N]");
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, "app.yaml"), "utf8")).toBe(FIXED);
  });

  it("anything but yes changes nothing", async () => {
    const dir = folder({ "app.yaml": APP });
    const r = await onTerminal(["fix", "-f", join(dir, "app.yaml")], "n\n");
    expect(r.screen).toContain("No file was changed.");
    expect(r.code).toBe(1);
    expect(readFileSync(join(dir, "app.yaml"), "utf8")).toBe(APP);
  });
});

describe("kubectl wid fix on a copy of examples/", () => {
  it("leaves only what the files cannot mend, each with its reason, and touches only the lines it must", async () => {
    const dir = mkdtempSync(join(tmpdir(), "wid-examples-"));
    dirs.push(dir);
    cpSync(join(repo, "examples"), dir, { recursive: true });
    const before = new Map(files(join(dir, "manifests")).map((f) => [f, readFileSync(f, "utf8")]));
    const r = await runCli(["fix", "-f", "manifests", "--azure", "azure", "--yes"], { cwd: dir });
    expect(r.code).toBe(1);
    const next = r.stdout.indexOf("Next step, for a later run");
    const remaining = r.stdout.slice(r.stdout.indexOf("Not fixable from the files"), next);
    expect(r.stdout.slice(next)).toMatch(/migrate-pod-identity .*crm-sync[^]*run `kubectl wid fix` again/);
    const blocks = remaining.split(/\n(?=  (?:error|warning|info) )/).slice(1);
    expect(blocks.length).toBeGreaterThan(5);
    for (const block of blocks) expect(block, block).toMatch(/lives in Azure, not in the files: run\n {6}az |needs a choice first: |fix by hand:|no fix to apply:/);
    for (const [file, text] of before) {
      const now = readFileSync(file, "utf8");
      if (now === text) continue;
      // every comment kept, and at most a few lines changed per file
      const comments = (t: string) => t.split("\n").filter((l) => l.includes("#"));
      expect(comments(now), relative(dir, file)).toEqual(expect.arrayContaining(comments(text)));
      const changed = diffLines(text, now);
      expect(changed, relative(dir, file)).toBeLessThanOrEqual(8);
    }
    // the doctor afterwards agrees: no finding that files can mend is left, but a step for the next run
    const doctor = await runCli(["doctor", "-f", "manifests", "--azure", "azure", "-o", "json"], { cwd: dir });
    const doc = JSON.parse(doctor.stdout) as { findings: { checkId: string; fixes: { kind: string; plans: { target: string }[] }[] }[] };
    const fromFiles = doc.findings.filter((f) => f.fixes.some((x) => x.kind === "fix" && x.plans.some((p) => p.target === "manifest")));
    expect(fromFiles.map((f) => f.checkId)).toEqual(["migrate-pod-identity"]);
  });
});

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" }).map((f) => join(dir, f)).filter((f) => statSync(f).isFile());
}

/** Lines removed plus lines added, as `diff` counts them. */
function diffLines(a: string, b: string): number {
  const x = a.split("\n");
  const y = b.split("\n");
  // longest common subsequence of lines: what is not in it changed
  const dp: number[][] = Array.from({ length: x.length + 1 }, () => new Array<number>(y.length + 1).fill(0));
  for (let i = x.length - 1; i >= 0; i--) for (let j = y.length - 1; j >= 0; j--) dp[i]![j] = x[i] === y[j] ? dp[i + 1]![j + 1]! + 1 : Math.max(dp[i + 1]![j]!, dp[i]![j + 1]!);
  return x.length + y.length - 2 * dp[0]![0]!;
}
