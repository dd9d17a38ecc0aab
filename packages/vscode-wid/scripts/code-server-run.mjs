// Runs an extension test suite in code-server's extension host, the workbench loaded by headless
// Chromium (driven by playwright-core). The workbench runs the suite given in the URL's payload
// and reports through window.codeAutomationLog / codeAutomationExit, as VS Code's own smoke tests do.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { format } from "node:util";
import { chromium } from "playwright-core";
import { chromiumPath, codeServerEntry } from "./test-host.mjs";

const USER_SETTINGS = {
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "telemetry.telemetryLevel": "off",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "update.mode": "none",
  "git.enabled": false,
  "chat.disableAIFeatures": true,
  // an untrusted workspace opens in Restricted Mode without asking
  "security.workspace.trust.startupPrompt": "never",
  "security.workspace.trust.banner": "never",
};

/** What the workbench logs about itself on every start: said only with WID_TEST_VERBOSE. */
const NOISE = [
  /^Resolv(ing|ed) connection token/,
  /^Creating a socket/,
  /^\[(reconnection-grace-time|Service Worker|AgentHost[^\]]*|AccountPolicyGate)\]/,
  /^Ignoring fetching additional builtin extensions/,
  /^Updating additional builtin extensions cache/,
  /^Creation of workbench contribution/,
  /^Timed out waiting for authentication provider/,
  /^No search provider registered/,
  /^\s+at .*\/static\/out\/vs\//,
];
const quiet = (line) => !process.env.WID_TEST_VERBOSE && NOISE.some((re) => re.test(line));

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer().listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

/** code-server >= 4.13x only runs the test payload with VS Code's smoke-test driver enabled. */
function smokeTestDriverArgs(entry) {
  const cli = join(dirname(entry), "cli.js");
  return existsSync(cli) && readFileSync(cli, "utf8").includes('"vscode-option"') ? ["--vscode-option", "enable-smoke-test-driver"] : [];
}

/** Installs a .vsix into an extensions folder with code-server's own installer. */
export function installVsix(vsix, extensionsDir, userDataDir) {
  const r = spawnSync(process.execPath, [codeServerEntry(), "--install-extension", vsix, "--extensions-dir", extensionsDir, "--user-data-dir", userDataDir, "--force"], {
    encoding: "utf8",
    env: { ...process.env, EXTENSIONS_GALLERY: "{}" },
    timeout: 120_000,
  });
  if (r.status !== 0) throw new Error(`installing ${vsix} failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/**
 * Opens `folder` in code-server with `extensionDevelopmentPath` (one folder or several) and runs
 * `extensionTestsPath`.
 * `trusted: false` leaves workspace trust on, so the folder opens in Restricted Mode.
 */
export async function runInCodeServer({ name, folder, extensionDevelopmentPath, extensionTestsPath, trusted = true, extensionsDir, tmp, env = {}, timeoutMs = 300_000, log = console.log }) {
  const entry = codeServerEntry();
  const port = await freePort();
  const userData = join(tmp, `${name}-user-data`);
  mkdirSync(join(userData, "User"), { recursive: true });
  writeFileSync(join(userData, "User", "settings.json"), JSON.stringify(USER_SETTINGS, null, 2));
  const exts = extensionsDir ?? join(tmp, `${name}-extensions`);
  mkdirSync(exts, { recursive: true });
  const t0 = Date.now();
  const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;
  const args = [
    entry,
    "--auth", "none",
    "--bind-addr", `127.0.0.1:${port}`,
    "--user-data-dir", userData,
    "--extensions-dir", exts,
    "--disable-telemetry",
    "--disable-update-check",
    "--disable-getting-started-override",
    ...(trusted ? ["--disable-workspace-trust"] : []),
    ...smokeTestDriverArgs(entry),
    "--log", process.env.WID_CS_LOG ?? "info",
  ];
  const server = spawn(process.execPath, args, {
    env: { ...process.env, ...env, EXTENSIONS_GALLERY: "{}", XDG_DATA_HOME: join(tmp, `${name}-xdg-data`), XDG_CONFIG_HOME: join(tmp, `${name}-xdg-config`) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let serverOut = "";
  const listening = new Promise((resolve, reject) => {
    const onData = (d) => {
      serverOut += d.toString();
      if (process.env.WID_TEST_VERBOSE) process.stderr.write(`[code-server] ${d}`);
      if (/HTTP server listening/.test(serverOut)) resolve();
    };
    server.stdout.on("data", onData);
    server.stderr.on("data", onData);
    server.on("exit", (code) => reject(new Error(`code-server exited with ${code} before it listened:\n${serverOut.slice(-4000)}`)));
  });
  const counts = { passed: 0, failed: 0 };
  let browser;
  let exit = "error";
  try {
    await Promise.race([listening, new Promise((_, reject) => setTimeout(() => reject(new Error("code-server did not listen within 60 s")), 60_000))]);
    log(`[${name}] code-server listening after ${elapsed()}`);
    browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] });
    const page = await browser.newPage();
    let done;
    const finished = new Promise((resolve) => (done = resolve));
    await page.exposeFunction("codeAutomationLog", (_type, args) => {
      const line = format(...(args ?? []));
      let m;
      if ((m = /^\s*(\d+) passing/.exec(line))) counts.passed = Number(m[1]);
      if ((m = /^\s*(\d+) failing/.exec(line))) counts.failed = Number(m[1]);
      if (!quiet(line)) log(line);
    });
    await page.exposeFunction("codeAutomationExit", (code) => done(code));
    page.on("pageerror", (e) => log(`[${name}] page error: ${e.message}`));
    if (process.env.WID_TEST_VERBOSE) page.on("console", (m) => log(`[browser] ${m.text()}`));
    const authority = `127.0.0.1:${port}`;
    const remote = (p) => `vscode-remote://${authority}${p}`;
    const payload = [
      ...[extensionDevelopmentPath].flat().map((p) => ["extensionDevelopmentPath", remote(p)]),
      ["extensionTestsPath", remote(extensionTestsPath)],
      ["skipWelcome", "true"],
    ];
    await page.goto(`http://${authority}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    exit = await Promise.race([finished, new Promise((resolve) => setTimeout(() => resolve("timeout"), timeoutMs))]);
    log(`[${name}] extension host exited with ${exit} after ${elapsed()}`);
    if (exit !== 0) {
      const shot = join(tmp, `${name}-failure.png`);
      await page.screenshot({ path: shot }).then(
        () => log(`[${name}] screenshot: ${shot}`),
        () => undefined,
      );
    }
  } catch (e) {
    log(`[${name}] ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    await browser?.close().catch(() => undefined);
    server.kill("SIGTERM");
  }
  // a host that crashed or timed out counts as a failure even when no test said so
  if (exit !== 0 && counts.failed === 0) counts.failed = 1;
  return { name, ok: exit === 0, ...counts };
}
