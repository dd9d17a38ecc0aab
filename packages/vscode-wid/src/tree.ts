import * as vscode from "vscode";
import type { NodeStatus, TreeNode, TreeOptions } from "#wid/engine";
import { loadEngine } from "./engine-loader.js";
import { uriOf } from "./files.js";
import { rangeOf } from "./diagnostics.js";
import type { IdentityProvider } from "./providers/types.js";
import { checkSettings } from "./settings.js";

const ICONS: Record<NodeStatus, vscode.ThemeIcon> = {
  ok: new vscode.ThemeIcon("pass", new vscode.ThemeColor("testing.iconPassed")),
  broken: new vscode.ThemeIcon("error", new vscode.ThemeColor("problemsErrorIcon.foreground")),
  unknown: new vscode.ThemeIcon("question", new vscode.ThemeColor("problemsWarningIcon.foreground")),
  error: new vscode.ThemeIcon("error", new vscode.ThemeColor("errorForeground")),
  info: new vscode.ThemeIcon("info", new vscode.ThemeColor("problemsInfoIcon.foreground")),
};

const RESTRICTED: TreeNode = {
  type: "info",
  id: "restricted",
  label: "Restricted Mode: no cluster and no Azure are read",
  description: "trust the workspace to read them",
  tooltip: "In an untrusted workspace wid checks the manifests only: it runs no kubeconfig exec plugin, sends nothing over the network, and ignores the workspace's settings that name kubeconfigs, contexts, subscriptions or export files.",
  status: "info",
  children: [],
};

/**
 * The "Workload Identity" view: one root per provider (the kube context, the workspace), then
 * namespaces -> workloads -> the links of each identity chain -> the findings that break them.
 * What could not be read is a node that says why, never an empty tree.
 */
export class IdentityTree implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  readonly #changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.#changed.event;
  #roots: TreeNode[] | undefined;
  /** Parents by node id: a node of an earlier refresh still finds its place (VS Code matches nodes by id). */
  readonly #parents = new Map<string, TreeNode>();
  readonly #byId = new Map<string, TreeNode>();
  #loading: Promise<void> | undefined;
  #again = false;
  #againFresh = false;
  #abort: AbortController | undefined;

  constructor(private readonly providers: () => Promise<IdentityProvider[]>) {}

  /**
   * Redraws from every provider: `fresh` reads a live cluster again (the refresh button, a new
   * context); without it only what changed is read again (an edit of the workspace).
   */
  refresh(fresh = false): Promise<void> {
    if (this.#loading) {
      this.#again = true;
      this.#againFresh ||= fresh;
      return this.#loading.then(() => this.whenLoaded());
    }
    this.#loading = this.#load(fresh).finally(() => {
      this.#loading = undefined;
      if (this.#again) {
        const again = this.#againFresh;
        this.#again = false;
        this.#againFresh = false;
        void this.refresh(again);
      }
    });
    return this.#loading;
  }

  /** Resolves when the tree shows the current state. */
  async whenLoaded(): Promise<void> {
    while (this.#loading) await this.#loading;
  }

  async #load(fresh: boolean): Promise<void> {
    this.#abort?.abort();
    const abort = new AbortController();
    this.#abort = abort;
    const engine = await loadEngine();
    const settings = checkSettings();
    const options: TreeOptions = { severity: settings.severity, disabled: settings.disabled };
    const roots = await Promise.all(
      (await this.providers()).map(async (p) => {
        try {
          return engine.treeOf(await p.load(abort.signal, fresh), options);
        } catch (e) {
          // a provider's bug must not blank the tree: show it
          return engine.treeOf({ id: p.id, title: p.id, snapshot: undefined, errors: [{ what: p.id, message: e instanceof Error ? e.message : String(e) }] }, options);
        }
      }),
    );
    if (abort.signal.aborted) return;
    if (!vscode.workspace.isTrusted) roots.unshift(RESTRICTED);
    this.#roots = roots;
    this.#parents.clear();
    this.#byId.clear();
    const walk = (n: TreeNode) => {
      this.#byId.set(n.id, n);
      for (const c of n.children) {
        this.#parents.set(c.id, n);
        walk(c);
      }
    };
    roots.forEach(walk);
    this.#changed.fire(undefined);
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (node) return (this.#byId.get(node.id) ?? node).children;
    if (!this.#roots) await this.refresh();
    return this.#roots ?? [];
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return this.#parents.get(node.id);
  }

  /** The current node with this id (nodes are made anew by every refresh). */
  byId(id: string): TreeNode | undefined {
    return this.#byId.get(id);
  }

  /** Every node, depth first: for commands that look one up. */
  *nodes(): Generator<TreeNode> {
    const stack = [...(this.#roots ?? [])].reverse();
    while (stack.length) {
      const n = stack.pop()!;
      yield n;
      stack.push(...[...n.children].reverse());
    }
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const expanded = node.type === "source" || node.type === "namespace" || (node.type === "link" && node.children.length > 0) || (node.type === "workload" && node.status === "broken");
    const item = new vscode.TreeItem(node.label, node.children.length === 0 ? vscode.TreeItemCollapsibleState.None : expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
    item.id = node.id;
    if (node.description) item.description = node.description;
    if (node.tooltip) item.tooltip = new vscode.MarkdownString(node.tooltip);
    item.iconPath = node.type === "source" && node.status !== "error" ? new vscode.ThemeIcon("server-environment") : ICONS[node.status];
    switch (node.type) {
      case "finding": {
        item.contextValue = node.fixTarget ? `finding.fixable.${node.fixTarget}` : "finding";
        item.command = { title: "Go to the finding", command: "wid.revealFinding", arguments: [node.finding] };
        break;
      }
      case "link": {
        item.contextValue = `link.${node.link.kind}`;
        const o = node.link.object;
        const range = o ? rangeOf(o) : undefined;
        if (o?.file && range) item.command = { title: "Open", command: "vscode.open", arguments: [uriOf(o.file), { selection: range }] };
        break;
      }
      case "info":
        item.contextValue = "info";
        if (node.id === RESTRICTED.id) item.command = { title: "Manage Workspace Trust", command: "workbench.trust.manage" };
        break;
      default:
        item.contextValue = node.type;
    }
    return item;
  }

  dispose(): void {
    this.#abort?.abort();
    this.#changed.dispose();
  }
}
