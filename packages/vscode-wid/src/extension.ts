import * as vscode from "vscode";
import { CodeActions } from "./code-actions.js";
import { disableCheck } from "./commands/disable-check.js";
import { fixFinding } from "./commands/fix-finding.js";
import { openCheckDocs } from "./commands/open-check-docs.js";
import { revealFinding } from "./commands/reveal-finding.js";
import { runDoctor } from "./commands/run-doctor.js";
import { switchContext } from "./commands/switch-context.js";
import { verifyServiceAccount } from "./commands/verify-service-account.js";
import type { CommandContext } from "./commands/context.js";
import { Diagnostics } from "./diagnostics.js";
import { CheckDocs, DOCS_SCHEME } from "./docs.js";
import { Hovers } from "./hover-provider.js";
import type { IdentityProvider } from "./providers/types.js";
import { WorkspaceProvider } from "./providers/workspace.js";
import { LiveClusterProvider } from "./providers/live-cluster.js";
import { getService, type Service } from "./service.js";
import { affectsWid } from "./settings.js";
import { IdentityTree } from "./tree.js";
import { engineIfLoaded } from "./engine-loader.js";

/** What the extension hands to other extensions (and its tests): the view's data and a way to wait for quiet. */
export interface WidApi {
  tree: IdentityTree;
  view: vscode.TreeView<import("#wid/engine").TreeNode>;
  /** Resolves once no diagnostics update is waiting or running. */
  whenIdle(): Promise<void>;
  /** How long activation took, in milliseconds (the engine loads later, on first use). */
  activationMs: number;
  /** What the last diagnostics update and the first read of the workspace cost, in milliseconds. */
  stats(): { parseMs: number; analyseMs: number; publishMs: number; diagnostics: number; publishedAt: number; scanMs: number | undefined; scanDetail: Record<string, number> | undefined };
}

const SELECTOR: vscode.DocumentSelector = [{ language: "yaml" }, { language: "json" }];

/**
 * Registers the providers, the view and the commands, and nothing more: the engine (core, checks,
 * yaml) loads on the first YAML document or when the view is shown, after activation returned.
 */
export function activate(context: vscode.ExtensionContext): WidApi {
  const t0 = performance.now();
  const log = vscode.window.createOutputChannel("wid", { log: true });
  let diagnostics: Diagnostics | undefined;
  let wired = false;
  // the workspace's read time is known once the engine is loaded
  let scanMs: () => number | undefined = () => undefined;
  let scanDetail: () => Record<string, number> | undefined = () => undefined;
  const service = async (): Promise<Service> => {
    const s = await getService(() => diagnostics!.openKeys(), log);
    if (!wired) {
      wired = true;
      scanMs = () => s.inputs.scanMs;
      scanDetail = () => ({ ...s.inputs.scanDetail });
      // files changed on disk, exports read again: the diagnostics (and so the tree) follow
      context.subscriptions.push(s, s.inputs.onDidChange(() => diagnostics!.schedule(0)));
    }
    return s;
  };
  diagnostics = new Diagnostics(service, log);
  const d = diagnostics;

  const workspaceProvider = new WorkspaceProvider(service, d);
  const clusterProvider = new LiveClusterProvider(service);
  // the cluster is a root of its own when there is a kubeconfig to read, in a trusted workspace
  const providers = async (): Promise<IdentityProvider[]> => [...(LiveClusterProvider.wanted() ? [clusterProvider] : []), workspaceProvider];
  const tree = new IdentityTree(providers);
  const view = vscode.window.createTreeView("wid.identities", { treeDataProvider: tree, showCollapseAll: true });
  const ctx: CommandContext = { service, diagnostics: d, tree, view, log };

  // the tree follows the workspace's analysis while it is shown
  let treeTimer: NodeJS.Timeout | undefined;
  const refreshTreeSoon = () => {
    if (!view.visible) return;
    if (treeTimer) clearTimeout(treeTimer);
    treeTimer = setTimeout(() => void tree.refresh(), 200);
  };

  context.subscriptions.push(
    log,
    d,
    tree,
    view,
    { dispose: () => treeTimer && clearTimeout(treeTimer) },
    vscode.languages.registerCodeActionsProvider(SELECTOR, new CodeActions(d, service), { providedCodeActionKinds: CodeActions.kinds }),
    vscode.languages.registerHoverProvider({ language: "yaml" }, new Hovers(d, service)),
    vscode.workspace.registerTextDocumentContentProvider(DOCS_SCHEME, new CheckDocs()),
    vscode.workspace.onDidOpenTextDocument((doc) => d.opened(doc)),
    vscode.workspace.onDidChangeTextDocument((e) => e.contentChanges.length > 0 && d.changed(e.document)),
    vscode.workspace.onDidCloseTextDocument((doc) => void d.closed(doc)),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (!affectsWid(e)) return;
      const s = await service();
      if (e.affectsConfiguration("wid.azure.exportPaths")) await s.inputs.reloadExports();
      if (e.affectsConfiguration("wid.azure.subscriptions")) void s.azureLive.refresh(true);
      d.refresh();
      await tree.refresh(e.affectsConfiguration("wid.kubeconfig") || e.affectsConfiguration("wid.context") || e.affectsConfiguration("wid.azure"));
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(async () => {
      const s = await service();
      await s.inputs.reloadExports();
      void s.azureLive.refresh(true);
      d.refresh();
      await tree.refresh(true);
    }),
    // a saved manifest may name other identities: Azure is read again for them (not per keystroke)
    vscode.workspace.onDidSaveTextDocument((doc) => {
      if (doc.languageId === "yaml" && engineIfLoaded()) void service().then((s) => s.azureLive.refresh());
    }),
    d.onDidUpdate(refreshTreeSoon),
    view.onDidChangeVisibility((e) => e.visible && void tree.refresh()),
    vscode.commands.registerCommand("wid.refresh", async () => {
      const s = await service();
      await s.inputs.reloadExports();
      await s.azureLive.refresh(true);
      await tree.refresh(true);
    }),
    vscode.commands.registerCommand("wid.runDoctor", () => runDoctor(ctx)),
    vscode.commands.registerCommand("wid.switchContext", async () => {
      // the setting's change reads the new context
      return switchContext();
    }),
    vscode.commands.registerCommand("wid.scanWorkspace", () => d.everyFile()),
    vscode.commands.registerCommand("wid.verifyServiceAccount", (arg?: unknown) => verifyServiceAccount(ctx, arg)),
    vscode.commands.registerCommand("wid.openCheckDocs", (arg?: unknown) => openCheckDocs(arg)),
    vscode.commands.registerCommand("wid.fixFinding", (arg: unknown, target?: "manifest" | "cluster" | "azure") => fixFinding(ctx, arg, target)),
    vscode.commands.registerCommand("wid.revealFinding", (finding: unknown) => revealFinding(finding)),
    vscode.commands.registerCommand("wid.disableCheck", (id: unknown, scope: unknown, uri: unknown) => disableCheck(id, scope, uri)),
  );
  // documents open before activation (the one that activated it, most often)
  for (const doc of vscode.workspace.textDocuments) d.opened(doc);
  return {
    tree,
    view,
    whenIdle: () => d.whenIdle(),
    activationMs: performance.now() - t0,
    stats: () => ({ ...d.lastRun, scanMs: scanMs(), scanDetail: scanDetail() }),
  };
}

export function deactivate(): void {}
