#!/usr/bin/env node
// The same integration suites as `pnpm test:vscode`, in desktop VS Code through
// @vscode/test-electron (it downloads VS Code: for a desktop with internet access; CI uses
// code-server, see run-host-tests.mjs). Build the bundles first: `pnpm --filter vscode-wid run test:electron`.
//   WID_VSCODE_VERSION=<version>   the VS Code to download (default: stable)
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { downloadAndUnzipVSCode, resolveCliArgsFromVSCodeExecutablePath, runTests } from "@vscode/test-electron";
import { packageVsix } from "./package.mjs";
import { prepareWorkspaces } from "./test-workspaces.mjs";

const PKG = join(import.meta.dirname, "..");
const version = process.env.WID_VSCODE_VERSION ?? "stable";
const tmp = mkdtempSync(join(tmpdir(), "wid-electron-tests-"));

/** A user data folder whose settings open an untrusted workspace in Restricted Mode without asking. */
function userData(name) {
  const dir = join(tmp, `${name}-user-data`);
  mkdirSync(join(dir, "User"), { recursive: true });
  writeFileSync(join(dir, "User", "settings.json"), JSON.stringify({ "security.workspace.trust.startupPrompt": "never", "workbench.startupEditor": "none", "telemetry.telemetryLevel": "off" }));
  return dir;
}

let failed = false;
let world;
const attempt = async (name, run) => {
  try {
    await run();
    console.log(`ok   ${name}`);
  } catch (e) {
    failed = true;
    console.log(`FAIL ${name}: ${e instanceof Error ? e.message : String(e)}`);
  }
};

try {
  const vscodeExecutablePath = await downloadAndUnzipVSCode(version);
  const ws = await prepareWorkspaces(tmp, (m) => console.log(m));
  world = ws.world;
  const suite = join(PKG, "dist-test", "suite", "index.js");
  await attempt("trusted", () =>
    runTests({ vscodeExecutablePath, extensionDevelopmentPath: PKG, extensionTestsPath: suite, launchArgs: [ws.trusted, "--disable-workspace-trust", "--disable-extensions", "--user-data-dir", userData("trusted")], extensionTestsEnv: world.env }),
  );
  await attempt("untrusted", () =>
    runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: PKG,
      extensionTestsPath: suite,
      launchArgs: [ws.untrusted, "--disable-extensions", "--user-data-dir", userData("untrusted")],
      extensionTestsEnv: { ...world.env, KUBECONFIG: ws.untrustedKubeconfig },
    }),
  );
  await attempt("vsix", async () => {
    const vsix = await packageVsix(join(tmp, "vscode-wid.vsix"));
    const extensionsDir = join(tmp, "vsix-extensions");
    const [cli, ...cliArgs] = resolveCliArgsFromVSCodeExecutablePath(vscodeExecutablePath);
    const r = spawnSync(cli, [...cliArgs, "--install-extension", vsix, "--extensions-dir", extensionsDir, "--force"], { encoding: "utf8", shell: process.platform === "win32" });
    if (r.status !== 0) throw new Error(`installing the .vsix failed: ${r.stderr || r.stdout}`);
    await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: join(PKG, "test", "fixtures", "vsix-harness"),
      extensionTestsPath: join(PKG, "dist-test", "vsix", "index.js"),
      launchArgs: [ws.plain, "--disable-workspace-trust", "--extensions-dir", extensionsDir, "--user-data-dir", userData("vsix")],
    });
  });
} finally {
  await world?.close();
  rmSync(tmp, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
