/**
 * The integration suite, run inside a VS Code extension host: by `scripts/run-host-tests.mjs`
 * (code-server and headless Chromium) or by `scripts/run-electron-tests.mjs` (desktop VS Code,
 * through @vscode/test-electron). Both load this file and call `run()`. The workspace the host
 * opened says which suites apply: the trusted fixture workspace or the untrusted one. The live
 * fixes change the simulated world the others read: they run last.
 */
import * as vscode from "vscode";
import azureLiveSuite from "./azure-live.itest.js";
import clusterSuite from "./cluster.itest.js";
import crossFileSuite from "./cross-file.itest.js";
import diagnosticsSuite from "./diagnostics.itest.js";
import hoverSuite from "./hover.itest.js";
import liveFixSuite from "./live-fix.itest.js";
import treeSuite from "./tree.itest.js";
import untrustedSuite from "./untrusted/untrusted.itest.js";
import { runMocha } from "./mocha.js";

export function run(): Promise<void> {
  const name = vscode.workspace.workspaceFolders?.[0]?.name ?? "";
  const suites = name.startsWith("untrusted") ? [untrustedSuite] : [diagnosticsSuite, crossFileSuite, hoverSuite, treeSuite, clusterSuite, azureLiveSuite, liveFixSuite];
  return runMocha(suites);
}
