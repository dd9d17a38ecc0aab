import { execFile, spawnSync } from "node:child_process";
import { promisify } from "node:util";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { defaultScenario, startWorld, type World } from "@wid/fake-cloud";
import { buildCli, cliCommand, removeBuiltCli, runCli } from "../helpers/cli.js";
import { ANNOTATED, MISSING_CLIENT_ID, tempFiles } from "../helpers/fixtures.js";

// The interactive doctor on a real terminal: tmux runs the CLI in a 120x40 pane, keys are sent to
// it and the screen is read back, as a user types and sees.
const hasTmux = spawnSync("tmux", ["-V"], { encoding: "utf8" }).status === 0;
const inCI = ["CI", "CONTINUOUS_INTEGRATION"].some((k) => process.env[k] !== undefined && process.env[k] !== "0" && process.env[k] !== "false");
const EXAMPLE_TYPO = resolve(import.meta.dirname, "../../../../examples/manifests/ml/model-server.yaml");
/** A private tmux server, so the tests never touch the user's sessions. */
const SOCKET = `wid-test-${process.pid}`;
/** A home of its own: kubectl keeps its discovery cache there. */
const HOME = mkdtempSync(join(tmpdir(), "wid-home-"));

const execFileAsync = promisify(execFile);
const quote = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;
const tmux = (...args: string[]) => spawnSync("tmux", ["-L", SOCKET, ...args], { encoding: "utf8" });

let sessions = 0;
let current: string | undefined;
let statusFile: string | undefined;

/** Starts `shell` (a command line) in a new 120x40 pane; its exit status is written to a file. */
async function start(shell: string, env: Record<string, string> = {}, cwd = process.cwd()): Promise<void> {
  current = `wid${++sessions}`;
  statusFile = join(mkdtempSync(join(tmpdir(), "wid-tmux-")), "status");
  // env -i: the pane gets this environment alone (no CI from the test runner, a known TERM)
  const vars = { PATH: process.env["PATH"] ?? "", HOME, TERM: "xterm-256color", ...env };
  const envPrefix = `env -i ${Object.entries(vars).map(([k, v]) => `${k}=${quote(v)}`).join(" ")}`;
  const line = `cd ${quote(cwd)} && ${shell.replaceAll("$WID", `${envPrefix} ${(await cliCommand()).map(quote).join(" ")}`)}; echo $? > ${quote(statusFile)}; sleep 600`;
  const r = tmux("new-session", "-d", "-s", current, "-x", "120", "-y", "40", line);
  if (r.status !== 0) throw new Error(`tmux new-session failed: ${r.stderr}`);
}

function screen(): string {
  return tmux("capture-pane", "-p", "-t", current!).stdout;
}

/** Waits until the screen matches, or fails with what it shows. */
async function waitFor(pattern: RegExp, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const shown = screen();
    if (pattern.test(shown)) return shown;
    if (Date.now() > deadline) throw new Error(`the screen never showed ${pattern}; it shows:\n${shown}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Sends keys one at a time, as typed (tmux key names: Enter, Left, Escape, ...). */
async function keys(...names: string[]): Promise<void> {
  for (const k of names) {
    tmux("send-keys", "-t", current!, k);
    await new Promise((r) => setTimeout(r, 80));
  }
}

async function typed(text: string): Promise<void> {
  tmux("send-keys", "-t", current!, "-l", text);
  await new Promise((r) => setTimeout(r, 80));
}

/** The exit status of the command, once it has quit. */
async function exitStatus(timeoutMs = 10_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(statusFile!) || readFileSync(statusFile!, "utf8").trim() === "") {
    if (Date.now() > deadline) throw new Error(`the command did not quit; the screen shows:\n${screen()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return Number(readFileSync(statusFile!, "utf8").trim());
}

/** The selected line of the list. */
const selected = (shown: string) => shown.split("\n").find((l) => l.startsWith("> ")) ?? "";

if (!hasTmux && inCI) {
  // CI installs tmux (.ci/run): its absence there is a broken setup, not a reason to skip
  it("finds tmux", () => {
    throw new Error("tmux is not installed: the interactive doctor's terminal tests need it (.ci/run installs it with apt-get)");
  });
}

describe.skipIf(!hasTmux)("the interactive doctor on a terminal (tmux)", { timeout: 120_000 }, () => {
  let dir: string;
  const made: string[] = [];
  const files = (content: Record<string, string>) => {
    const d = tempFiles(content);
    made.push(d);
    return d;
  };
  beforeAll(async () => {
    await buildCli();
  }, 60_000);
  afterEach(() => {
    if (current) tmux("kill-session", "-t", current);
    current = undefined;
  });
  afterAll(async () => {
    tmux("kill-server");
    for (const d of made) rmSync(d, { recursive: true, force: true });
    await removeBuiltCli();
    rmSync(HOME, { recursive: true, force: true });
  });

  it("on manifest files: moves, opens the detail, previews the fix with f and writes it with y, as fix -f would, then lists what is left", async () => {
    // "apps" comes before "ml": the typo is the second finding
    dir = files({ "api.yaml": MISSING_CLIENT_ID.replaceAll("namespace: prod", "namespace: apps") });
    copyFileSync(EXAMPLE_TYPO, join(dir, "model-server.yaml"));
    const expected = files({});
    copyFileSync(EXAMPLE_TYPO, join(expected, "model-server.yaml"));
    const fixed = await runCli(["fix", "-f", join(expected, "model-server.yaml"), "--yes", "--check", "sa-annotation-typo"]);
    expect(fixed.code).toBe(0);

    await start(`$WID doctor -f .`, {}, dir);
    let shown = await waitFor(/^> .*sa-client-id-missing/m);
    expect(shown).toMatch(/^summary: 2 errors, /m);
    expect(shown).toMatch(/^● apps\/Deployment\/api\n> error +sa-client-id-missing .*\n● ml\/StatefulSet\/model-server\n {2}error +sa-annotation-typo/m);
    await keys("j");
    expect(selected(await waitFor(/^> .*sa-annotation-typo/m))).toContain("ServiceAccount ml/model-server");
    await keys("Enter");
    shown = await waitFor(/Identity chain of ml\/StatefulSet\/model-server/);
    expect(shown).toMatch(/✗ ServiceAccount +ServiceAccount ml\/model-server {2}broken: sa-annotation-typo {2}<- this finding/);
    expect(shown).toMatch(/^ {2}expected: /m);
    expect(shown).toContain("docs/checks/sa-annotation-typo.md");
    await keys("Left");
    await waitFor(/^> .*sa-annotation-typo/m);
    await keys("f");
    shown = await waitFor(/Apply this fix\? y applies it, any other key cancels/);
    expect(shown).toMatch(/^-\s+azure\.workload\.identity\/tenant_id: /m);
    expect(shown).toMatch(/^\+\s+azure\.workload\.identity\/tenant-id: /m);
    await keys("y");
    shown = await waitFor(/Fixed 1 finding \(sa-annotation-typo\); 1 finding left\./);
    expect(readFileSync(join(dir, "model-server.yaml"), "utf8")).toBe(readFileSync(join(expected, "model-server.yaml"), "utf8"));
    expect(shown).not.toContain("sa-annotation-typo  ServiceAccount");
    expect(shown).not.toContain("ml/StatefulSet/model-server");
    expect(shown).toMatch(/^summary: 1 error, /m);
    await keys("q");
    expect(await exitStatus()).toBe(1);
    // the summary line stays on the screen
    expect(screen()).toMatch(/^summary: 1 error, 0 warnings/m);
  });

  it("cancels a fix on any other key than y: the file is unchanged", async () => {
    dir = files({});
    copyFileSync(EXAMPLE_TYPO, join(dir, "model-server.yaml"));
    const before = readFileSync(join(dir, "model-server.yaml"), "utf8");
    await start(`$WID doctor -f model-server.yaml`, {}, dir);
    await waitFor(/^> .*sa-annotation-typo/m);
    await keys("f");
    await waitFor(/Apply this fix\?/);
    await keys("n");
    await waitFor(/Nothing was changed\./);
    expect(readFileSync(join(dir, "model-server.yaml"), "utf8")).toBe(before);
    await keys("C-c");
    expect(await exitStatus()).toBe(1);
  });

  it("reads the keys from the terminal while the manifests come on stdin (-f -)", async () => {
    dir = files({ "all.yaml": `${MISSING_CLIENT_ID.replaceAll("namespace: prod", "namespace: apps")}---\n${readFileSync(EXAMPLE_TYPO, "utf8")}` });
    await start(`cat all.yaml | $WID doctor -f -`, {}, dir);
    await waitFor(/^> .*sa-client-id-missing/m);
    await keys("Down");
    await waitFor(/^> .*sa-annotation-typo/m);
    await keys("/");
    await typed("apps");
    await keys("Enter");
    let shown = await waitFor(/filter: apps \(1 of 2\)/);
    expect(shown).not.toContain("ml/StatefulSet/model-server");
    await keys("Escape", "End", "f");
    shown = await waitFor(/came on standard input/);
    expect(shown).toContain("Press any key to go back");
    await keys("y", "q");
    expect(await exitStatus()).toBe(1);
  });

  it("quits with the doctor's exit status: 0 on a clean run, leaving the summary line", async () => {
    dir = files({ "good.yaml": ANNOTATED });
    await start(`$WID doctor -f good.yaml --check sa-client-id-missing`, {}, dir);
    await waitFor(/No findings from the 1 check that ran\./);
    await keys("q");
    expect(await exitStatus()).toBe(0);
    expect(screen()).toMatch(/^summary: 0 errors, 0 warnings, 0 info \(1 check ran/m);
  });

  describe("against a simulated cluster and Azure", () => {
    let world: World;
    beforeAll(async () => {
      world = await startWorld(defaultScenario());
    }, 60_000);
    afterAll(async () => {
      await world?.close();
    });

    it("fixes a live finding from the list: the plan with its kubectl command, y, the doctor again; kubectl reads the change back", async () => {
      await start(`$WID doctor -A`, world.env);
      await waitFor(/^summary: \d+ errors/m, 60_000);
      await keys("/");
      await typed("sa-token-expiration");
      await keys("Enter");
      await waitFor(/^> .*sa-token-expiration-invalid .*ServiceAccount billing\/reports/m);
      await keys("f");
      const plan = await waitFor(/Apply this fix\?/);
      expect(plan).toContain("kubectl patch serviceaccount/reports -n billing --type merge");
      await keys("y");
      await waitFor(/Fixed \d+ findings? \([^)]*sa-token-expiration-invalid[^)]*\)/, 90_000);
      // asynchronously: the simulated cluster answers from this process meanwhile
      const r = await execFileAsync("kubectl", ["--kubeconfig", world.kubeconfigPath, "get", "serviceaccount", "reports", "-n", "billing", "-o", "jsonpath={.metadata.annotations}"], { encoding: "utf8", env: { PATH: process.env["PATH"] ?? "", HOME } });
      expect((JSON.parse(r.stdout) as Record<string, string>)["azure.workload.identity/service-account-token-expiration"]).toBe("3600");
      expect(screen()).toContain("No finding matches.");
      await keys("q");
      expect(await exitStatus()).toBe(1);
    });
  });
});
