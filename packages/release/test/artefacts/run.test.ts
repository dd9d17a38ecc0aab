import { spawnSync } from "node:child_process";
import { mkdtempSync, realpathSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { emulatorFor, NODE_VERSION, BUN_VERSION } from "../../src/index.js";
import { unpack } from "./helpers.js";

const built = inject("release");
const EXAMPLE = "examples/manifests";

/** A folder holding only a link to the real kubectl: PATH gets kubectl, and no Node.js with it. */
function kubectlOnlyDir(): string {
  const which = spawnSync("sh", ["-c", "command -v kubectl"], { encoding: "utf8" });
  if (which.status !== 0) throw new Error("kubectl is not on PATH: the plugin tests need the real kubectl");
  const dir = mkdtempSync(join(tmpdir(), "wid-kubectl-"));
  symlinkSync(realpathSync(which.stdout.trim()), join(dir, "kubectl"));
  return dir;
}

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runIn(env: NodeJS.ProcessEnv, command: string, args: string[]): Ran {
  const r = spawnSync(command, args, { cwd: built.root, env, encoding: "utf8", timeout: 90_000, input: "" });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The same command on the bundle inside the executables, run by the Node.js that runs the tests. */
function onNode(args: string[]): Ran {
  return runIn({ PATH: "", HOME: tmpdir() }, process.execPath, [built.bundle, ...args]);
}

const variants = [
  { name: "the linux/amd64 release (Node.js single executable)", archive: () => built.archives.find((a) => a.os === "linux" && a.arch === "amd64")!.path, runtime: { name: "node", version: NODE_VERSION } },
  { name: "the Bun executable for linux/amd64, standing in for darwin/arm64's runtime", archive: () => built.bunArchive, runtime: { name: "bun", version: BUN_VERSION } },
];

describe.each(variants)("$name, unpacked into an empty folder, with no Node.js on PATH", ({ archive, runtime }) => {
  let dir: string;
  let kubectlDir: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    dir = await unpack(archive());
    kubectlDir = kubectlOnlyDir();
    env = { PATH: [dir, kubectlDir].join(delimiter), HOME: mkdtempSync(join(tmpdir(), "wid-home-")) };
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(kubectlDir, { recursive: true, force: true });
    rmSync(env["HOME"]!, { recursive: true, force: true });
  });

  it("has no Node.js to lean on", () => {
    const r = spawnSync("node", ["--version"], { env });
    expect((r.error as NodeJS.ErrnoException | undefined)?.code).toBe("ENOENT");
  });

  it("kubectl-wid version names the version, the commit, linux/amd64 and the runtime inside", () => {
    const r = runIn(env, "kubectl-wid", ["version", "-o", "json"]);
    expect(r.code, r.stderr).toBe(0);
    const git = spawnSync("git", ["rev-parse", "--short=12", "HEAD"], { cwd: built.root, encoding: "utf8" });
    expect(JSON.parse(r.stdout)).toEqual({
      version: built.version,
      commit: git.status === 0 ? git.stdout.trim() : "unknown",
      platform: { os: "linux", arch: "amd64" },
      runtime: expect.objectContaining({ name: runtime.name, version: runtime.version, singleExecutable: true }),
    });
    const text = runIn(env, "kubectl-wid", ["version"]);
    expect(text.stdout.split("\n")[0]).toBe(`kubectl-wid ${built.version}`);
  });

  it("kubectl-wid doctor -f on the example manifests prints what the CLI on Node.js prints, with the same exit status", () => {
    const r = runIn(env, "kubectl-wid", ["doctor", "-f", EXAMPLE]);
    const expected = onNode(["doctor", "-f", EXAMPLE]);
    expect(expected.code).toBe(1);
    expect(r.stdout).toContain("summary:");
    expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual(expected);
  });

  it("reports bad input as the CLI does: a one-line error and a hint, exit 2, no stack", () => {
    const r = runIn(env, "kubectl-wid", ["doctor", "-f", "no/such/folder"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toEqual(onNode(["doctor", "-f", "no/such/folder"]).stderr);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  it("is found by kubectl's plugin discovery and runs as kubectl wid", () => {
    const list = runIn(env, "kubectl", ["plugin", "list"]);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout.split("\n")).toContain(join(dir, "kubectl-wid"));
    const help = runIn(env, "kubectl", ["wid", "--help"]);
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toContain("kubectl wid <command> [flags]");
    expect(help.stdout).toEqual(onNode(["--help"]).stdout);
    const doctor = runIn(env, "kubectl", ["wid", "doctor", "-f", EXAMPLE, "-o", "json"]);
    expect(doctor.code).toBe(1);
    expect(JSON.parse(doctor.stdout)).toEqual(JSON.parse(onNode(["doctor", "-f", EXAMPLE, "-o", "json"]).stdout));
  });
});

describe.each(variants)("$name, under the CLI's own test suites", ({ archive }) => {
  // The suites of commands, doctor, fix, verify, the docs' examples, the terminal view and secrets
  // never printed, each spawning the executable (WID_CLI_EXECUTABLE) where they otherwise spawn
  // the bundle on Node.js.
  const SUITES = ["packages/kubectl-wid/test/cli", "packages/kubectl-wid/test/tui/pty.test.ts", "packages/kubectl-wid/test/secrets"];
  let dir: string;
  beforeAll(async () => {
    dir = await unpack(archive());
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("passes them", () => {
    const vitest = join(built.root, "node_modules", "vitest", "vitest.mjs");
    const r = spawnSync(process.execPath, [vitest, "run", "--config", join(built.root, "vitest.config.ts"), ...SUITES], {
      cwd: built.root,
      env: { ...process.env, WID_CLI_EXECUTABLE: join(dir, "kubectl-wid"), CI: "true" },
      encoding: "utf8",
      timeout: 280_000,
    });
    const summary = /^(\d+) passed, (\d+) failed/m.exec(r.stdout);
    expect(r.status, `${r.stdout.slice(-4000)}\n${r.stderr.slice(-2000)}`).toBe(0);
    expect(Number(summary?.[1])).toBeGreaterThan(40);
    expect(Number(summary?.[2])).toBe(0);
  }, 300_000);
});

describe("the linux/arm64 release, run under qemu-user", () => {
  const { emulator, missing } = emulatorFor({ os: "linux", arch: "arm64" });
  if (!emulator) {
    it.skip(`skipped: ${missing}`, () => {});
    return;
  }
  let dir: string;
  beforeAll(async () => {
    dir = await unpack(built.archives.find((a) => a.os === "linux" && a.arch === "arm64")!.path);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const env = { PATH: process.env["PATH"] ?? "", HOME: tmpdir() };

  it("kubectl-wid version names linux/arm64 and its Node.js", () => {
    const r = runIn(env, emulator.command, [...emulator.args, join(dir, "kubectl-wid"), "version", "-o", "json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ version: built.version, platform: { os: "linux", arch: "arm64" }, runtime: { name: "node", version: NODE_VERSION, singleExecutable: true } });
  });

  it("kubectl-wid doctor -f on the example manifests prints what the CLI on Node.js prints", () => {
    const r = runIn(env, emulator.command, [...emulator.args, join(dir, "kubectl-wid"), "doctor", "-f", EXAMPLE]);
    expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual(onNode(["doctor", "-f", EXAMPLE]));
  });
});
