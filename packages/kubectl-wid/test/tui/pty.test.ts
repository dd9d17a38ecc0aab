import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCli, cliCommand, removeBuiltCli, runCli } from "../helpers/cli.js";
import { MISSING_CLIENT_ID, tempFiles } from "../helpers/fixtures.js";
import { screen } from "./screen.js";

// util-linux `script` runs a command on a pseudo-terminal: the CLI then sees a terminal as users do.
const hasScript = spawnSync("script", ["--version"], { encoding: "utf8" }).status === 0;
const HIDE_CURSOR = "\u001b[?25l";

let dir: string;
let args: string[];

beforeAll(async () => {
  await buildCli();
  dir = tempFiles({ "app.yaml": MISSING_CLIENT_ID, "empty.yaml": "" });
  // The empty file gives an input problem: a warning on stderr before the report.
  // --no-interactive: the progress line, then the printed report (the interactive doctor has its own tests)
  args = ["doctor", "--no-interactive", "-f", join(dir, "app.yaml"), "-f", join(dir, "empty.yaml"), "--check", "sa-client-id-missing"];
});

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await removeBuiltCli();
});

const quote = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;

/** Runs the bundled CLI on a 100-column pseudo-terminal: stdout and stderr both go to it. */
async function onTerminal(cliArgs: string[], env: Record<string, string> = {}): Promise<{ code: number | null; bytes: string }> {
  const cli = await cliCommand();
  const command = `stty cols 100 rows 30 && exec ${[...cli, ...cliArgs].map(quote).join(" ")}`;
  const r = spawnSync("script", ["-qfec", command, "/dev/null"], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env: { PATH: process.env["PATH"] ?? "", TERM: "xterm-256color", ...env },
    timeout: 30_000,
  });
  if (r.error) throw r.error;
  return { code: r.status, bytes: r.stdout };
}

describe.skipIf(!hasScript)("kubectl wid on a terminal (a pseudo-terminal)", () => {
  it("draws progress, then leaves on the screen what a plain run prints, with the same exit status", async () => {
    const tty = await onTerminal(args);
    const plain = await runCli(args);
    expect(plain.stderr).toContain("empty file");
    expect(tty.code).toBe(1);
    expect(plain.code).toBe(1);
    expect(tty.bytes).toContain(HIDE_CURSOR);
    expect(tty.bytes).toContain("Checking");
    expect(tty.bytes).toContain("\u001b[31m");
    expect(screen(tty.bytes)).toBe(screen(plain.stderr + plain.stdout));
  });

  it("is plain with --no-tty, in CI and on a dumb terminal", async () => {
    const plain = await runCli(args);
    for (const [extra, env] of [[["--no-tty"], {}], [[], { CI: "true" }], [[], { TERM: "dumb" }]] as const) {
      const r = await onTerminal([...args, ...extra], env);
      expect(r.code).toBe(1);
      expect(r.bytes).not.toContain(HIDE_CURSOR);
      expect(r.bytes).not.toContain("Checking");
      expect(screen(r.bytes)).toBe(screen(plain.stderr + plain.stdout));
    }
  });

  it("prints JSON alone, without progress, even on a terminal", async () => {
    const r = await onTerminal(["doctor", "-f", join(dir, "app.yaml"), "--check", "sa-client-id-missing", "-o", "json"]);
    const doc = JSON.parse(r.bytes.replace(/\r\n/g, "\n")) as { summary: { error: number } };
    expect(doc.summary.error).toBe(1);
    expect(r.code).toBe(1);
  });

  it("reports an input error on stderr with no progress left on the screen", async () => {
    const r = await onTerminal(["doctor", "-f", join(dir, "missing.yaml")]);
    expect(r.code).toBe(2);
    expect(screen(r.bytes)).toMatch(/^error: .*missing\.yaml: no such file or directory\nhint: /);
  });

  it("runs the demo with progress, the scenario's note above the report, and exit status 0", async () => {
    const r = await onTerminal(["demo", "--no-interactive"]);
    expect(r.code).toBe(0);
    expect(r.bytes).toContain("Starting the simulated cluster and Azure");
    const shown = screen(r.bytes);
    expect(shown).toMatch(/^Simulated cluster "[^"]+" \(scenario default\), read live over HTTPS/);
    expect(r.bytes).toContain("Reading cluster aks-shop-prod");
    const lines = shown.split("\n");
    const summary = lines.findIndex((l) => /^summary: \d+ errors?, /.test(l));
    expect(summary).toBeGreaterThan(0);
    expect(lines.slice(summary + 1).join("\n")).toMatch(/^\nExplore it: `kubectl wid demo --serve --save-env \/tmp\/wid.env`/);
  });
});
