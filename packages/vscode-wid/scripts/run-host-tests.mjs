#!/usr/bin/env node
// `pnpm test:vscode`: the integration tests inside a real VS Code extension host (code-server's,
// the workbench in headless Chromium). Three runs: the fixture workspace trusted, the same kind of
// workspace untrusted (Restricted Mode), and the packaged .vsix installed into the host.
// Installs what is missing first (Debian packages, code-server into ~/.cache/wid). Options:
//   --only trusted|untrusted|vsix   run one of them
//   WID_TEST_GREP=<regex>           run the tests whose title matches
//   WID_TEST_VERBOSE=1              show code-server's and the browser's output
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { bundle } from "../build.mjs";
import { installVsix, runInCodeServer } from "./code-server-run.mjs";
import { packageVsix } from "./package.mjs";
import { installTestHost } from "./test-host.mjs";
import { prepareWorkspaces } from "./test-workspaces.mjs";

const PKG = join(import.meta.dirname, "..");
const { values } = parseArgs({ options: { only: { type: "string" }, keep: { type: "boolean" } } });
const wanted = (name) => !values.only || values.only === name;
const started = Date.now();
const step = (msg) => process.stderr.write(`\u25b8 [${((Date.now() - started) / 1000).toFixed(0)}s] ${msg}\n`);

await installTestHost();
const tmp = mkdtempSync(join(tmpdir(), "wid-vscode-tests-"));
const results = [];
let world;
try {
  step("building the extension and the tests");
  await bundle({ tests: true });
  const ws = await prepareWorkspaces(tmp, step);
  world = ws.world;
  const suite = join(PKG, "dist-test", "suite", "index.js");
  // the extension host gets what a signed-in user's shell has: the simulated world's kubeconfig,
  // Azure credentials, endpoints and CA (world.env)
  if (wanted("trusted")) {
    step("run 1: a trusted workspace");
    results.push(await runInCodeServer({ name: "trusted", folder: ws.trusted, extensionDevelopmentPath: PKG, extensionTestsPath: suite, tmp, env: world.env }));
  }
  if (wanted("untrusted")) {
    step("run 2: an untrusted workspace (Restricted Mode)");
    const sent = () => world.azure.arm.requests.length + world.azure.entra.requests.length;
    const before = sent();
    // the environment names the trap kubeconfig: even the user's own kubeconfig must not run there
    const r = await runInCodeServer({ name: "untrusted", folder: ws.untrusted, extensionDevelopmentPath: PKG, extensionTestsPath: suite, trusted: false, tmp, env: { ...world.env, KUBECONFIG: ws.untrustedKubeconfig } });
    // the workspace's settings name subscriptions and the environment signs in: still nothing is sent
    const requests = sent() - before;
    if (requests > 0) {
      console.log(`[untrusted] ${requests} requests reached the simulated Azure in Restricted Mode`);
      r.ok = false;
      r.failed++;
    } else console.log("[untrusted] no request reached the simulated Azure");
    results.push(r);
  }
  if (wanted("vsix")) {
    step("run 3: the .vsix installed into the host");
    const vsix = await packageVsix(join(tmp, "vscode-wid.vsix"));
    const extensionsDir = join(tmp, "vsix-extensions");
    installVsix(vsix, extensionsDir, join(tmp, "vsix-install-user-data"));
    results.push(
      await runInCodeServer({
        name: "vsix",
        folder: ws.plain,
        extensionDevelopmentPath: join(PKG, "test", "fixtures", "vsix-harness"),
        extensionTestsPath: join(PKG, "dist-test", "vsix", "index.js"),
        extensionsDir,
        tmp,
        env: world.env,
      }),
    );
    // the development build again, for whoever runs the extension from the sources next
    await bundle({ tests: true });
  }
} finally {
  await world?.close();
  if (values.keep) step(`kept ${tmp}`);
  else rmSync(tmp, { recursive: true, force: true });
}
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
for (const r of results) console.log(`${r.ok ? "ok  " : "FAIL"} ${r.name}: ${r.passed} passed, ${r.failed} failed`);
console.log(`VS Code extension host: ${passed} passed, ${failed} failed (${((Date.now() - started) / 1000).toFixed(0)} s)`);
process.exit(failed === 0 && results.every((r) => r.ok) ? 0 : 1);
