import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as vscode from "vscode";
import { parse } from "yaml";
import type { TreeNode } from "#wid/engine";
import { api, closeAll, file, waitFor } from "./util.js";

type Of<T extends TreeNode["type"]> = Extract<TreeNode, { type: T }>;

function child(n: TreeNode, label: string): TreeNode {
  const found = n.children.find((c) => c.label === label);
  if (!found) throw new Error(`no "${label}" under "${n.label}": ${n.children.map((c) => c.label).join(", ")}`);
  return found;
}

function findings(n: TreeNode): Of<"finding">[] {
  return n.type === "finding" ? [n] : n.children.flatMap(findings);
}

/** The kubeconfig the runner gave the host (the simulated cluster's), and its server. */
function kubeconfig(): { path: string; server: string } {
  const path = process.env["KUBECONFIG"];
  assert.ok(path, "the runner names the simulated cluster's kubeconfig in KUBECONFIG");
  const server = /server:\s*(\S+)/.exec(readFileSync(path, "utf8"))?.[1];
  assert.ok(server);
  return { path, server };
}

async function clusterRoot(fresh = false): Promise<TreeNode> {
  const { tree } = await api();
  if (fresh) await tree.refresh(true);
  await tree.whenLoaded();
  const root = (await tree.getChildren()).find((r) => r.type === "source" && r.id.startsWith("source:context:"));
  assert.ok(root, "a root for the kube context");
  return root;
}

export default function clusterSuite(): void {
  suite("the live cluster in the Workload Identity view", () => {
    const config = () => vscode.workspace.getConfiguration("wid");
    suiteSetup(async () => {
      await api();
      await vscode.commands.executeCommand("wid.identities.focus");
    });
    teardown(closeAll);

    test("the first root is the kube context, with the simulated cluster's chains and what only a live cluster shows", async () => {
      const { server } = kubeconfig();
      const { tree } = await api();
      await tree.refresh(true);
      const [first] = await tree.getChildren();
      const root = await clusterRoot();
      assert.equal(first?.id, root.id, "the cluster comes first");
      assert.equal(root.label, "aks-shop-prod");
      assert.equal(root.description, server);
      assert.ok(!root.children.some((c) => c.type === "error"), root.children.filter((c) => c.type === "error").map((c) => c.label).join("; "));
      const shop = child(root, "shop");
      assert.equal(child(shop, "Deployment orders").status, "ok");
      // Azure for the cluster: the exports the settings name; and the AADSTS error its pods log
      assert.deepEqual(findings(child(shop, "Deployment payments")).map((f) => f.finding.checkId).sort(), ["fic-subject-mismatch", "runtime-aadsts-error"]);
      // pods started before the ServiceAccount was annotated: only the running cluster shows it
      const notifier = findings(child(shop, "Deployment notifier")).map((f) => f.finding.checkId);
      assert.ok(notifier.includes("pod-not-mutated"), notifier.join(", "));
      const workspace = (await tree.getChildren()).find((r) => r.label === "Workspace manifests")!;
      assert.ok(!findings(workspace).some((f) => f.finding.checkId === "pod-not-mutated"), "manifests alone cannot tell");
      assert.equal(tree.getTreeItem(findings(child(shop, "Deployment notifier")).find((f) => f.finding.checkId === "pod-not-mutated")!).contextValue, "finding.fixable.cluster");
    });

    test("a cluster that cannot be reached is an error node that says why, not an empty tree", async () => {
      const { path, server } = kubeconfig();
      // the same kubeconfig, its server a port where nothing listens
      const closed = server.replace(/:\d+(\/|$)/, ":9$1");
      const unreachable = file("unreachable-kubeconfig.yaml");
      await vscode.workspace.fs.writeFile(unreachable, new TextEncoder().encode(readFileSync(path, "utf8").replace(server, closed)));
      try {
        await config().update("kubeconfig", unreachable.fsPath, vscode.ConfigurationTarget.Workspace);
        const root = await waitFor("the error node", async () => {
          const r = await clusterRoot();
          return r.description === closed && r;
        }, 60_000);
        assert.equal(root.status, "error");
        const [error, ...rest] = root.children;
        assert.equal(error?.type, "error");
        assert.match(error!.label, /^The cluster could not be read: the cluster of context "aks-shop-prod" could not be read/);
        assert.ok((error as Of<"error">).hint, "with what to do");
        assert.deepEqual(rest, [], "nothing else: no empty namespaces");
      } finally {
        await config().update("kubeconfig", undefined, vscode.ConfigurationTarget.Workspace);
      }
      await waitFor("the cluster back", async () => (await clusterRoot()).description === server, 60_000);
    });

    test("a kubeconfig setting that names no file says so", async () => {
      try {
        await config().update("kubeconfig", "/no/such/kubeconfig", vscode.ConfigurationTarget.Workspace);
        const error = await waitFor("the error node", async () => (await clusterRoot()).children.find((c) => c.type === "error"), 30_000);
        assert.equal(error.label, "The cluster could not be read: the kubeconfig /no/such/kubeconfig does not exist");
      } finally {
        await config().update("kubeconfig", undefined, vscode.ConfigurationTarget.Workspace);
      }
    });

    test("Switch Kubernetes Context picks another context of the kubeconfig, and the view reads it", async () => {
      const { path, server } = kubeconfig();
      const contexts = ((parse(readFileSync(path, "utf8")) as { contexts: { name: string }[] }).contexts ?? []).map((c) => c.name);
      const other = contexts.find((c) => c !== "aks-shop-prod");
      assert.ok(other, `the simulated kubeconfig has several contexts: ${contexts.join(", ")}`);
      try {
        const picking = vscode.commands.executeCommand<string | undefined>("wid.switchContext");
        // the user moves down the list to the context and accepts it
        await new Promise((r) => setTimeout(r, 1000));
        for (let i = 0; i < contexts.indexOf(other); i++) await vscode.commands.executeCommand("workbench.action.quickOpenSelectNext");
        await vscode.commands.executeCommand("workbench.action.acceptSelectedQuickOpenItem");
        assert.equal(await picking, other);
        assert.equal(config().inspect("context")?.globalValue, other, "kept in the user's settings");
        const root = await waitFor("the view to read the context picked", async () => {
          const r = await clusterRoot();
          return r.label === other && r;
        }, 60_000);
        assert.equal(root.description, server);
      } finally {
        await config().update("context", undefined, vscode.ConfigurationTarget.Global);
      }
      await waitFor("the admin context back", async () => (await clusterRoot()).label === "aks-shop-prod", 60_000);
    });

    test("Run the Doctor reports the cluster too", async () => {
      const summary = await vscode.commands.executeCommand<{ sources: { title: string; findings: number; errors: string[] }[] }>("wid.runDoctor");
      const cluster = summary?.sources.find((s) => s.title === "aks-shop-prod");
      assert.ok(cluster && cluster.findings > 0, JSON.stringify(summary));
      assert.deepEqual(cluster.errors, []);
    });
  });
}
