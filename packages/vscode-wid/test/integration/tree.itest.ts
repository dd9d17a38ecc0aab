import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import type { TreeNode } from "#wid/engine";
import { api, closeAll, file, waitFor } from "./util.js";

type Of<T extends TreeNode["type"]> = Extract<TreeNode, { type: T }>;

async function roots(): Promise<TreeNode[]> {
  const { tree } = await api();
  await tree.whenLoaded();
  return tree.getChildren();
}

function child(n: TreeNode, label: string): TreeNode {
  const found = n.children.find((c) => c.label === label);
  if (!found) throw new Error(`no "${label}" under "${n.label}": ${n.children.map((c) => c.label).join(", ")}`);
  return found;
}

function findings(n: TreeNode): Of<"finding">[] {
  return n.type === "finding" ? [n] : n.children.flatMap(findings);
}

function link(w: TreeNode, kind: string): Of<"link"> {
  const found = w.children.find((c): c is Of<"link"> => c.type === "link" && c.link.kind === kind);
  if (!found) throw new Error(`no ${kind} link under ${w.label}`);
  return found;
}

export default function treeSuite(): void {
  suite("the Workload Identity view", () => {
    suiteSetup(async () => {
      await api();
      await vscode.commands.executeCommand("wid.identities.focus");
    });
    teardown(closeAll);

    test("shows the simulated cluster's chains: namespaces, workloads, links with their status", async () => {
      const [workspace] = (await roots()).filter((r) => r.type === "source" && r.label === "Workspace manifests");
      assert.ok(workspace, "a root");
      assert.equal(workspace.label, "Workspace manifests");
      assert.match(workspace.description ?? "", /YAML files, 5 Azure exports/);
      const shop = child(workspace, "shop");
      const orders = child(shop, "Deployment orders");
      assert.equal(orders.status, "ok", JSON.stringify(orders.children.map((c) => [c.label, c.status])));
      const kinds = orders.children.map((c) => (c as Of<"link">).link.kind);
      assert.deepEqual(kinds, ["cluster", "workload", "service-account", "identity", "federated-credential", "role-assignment"]);
      assert.equal(link(orders, "identity").label, "Managed identity id-orders");
      assert.equal(link(orders, "cluster").label, "AKS cluster aks-shop-prod");
      assert.ok(orders.children.every((c) => c.status === "ok"));
    });

    test("a broken link carries its findings, with the fix as an action", async () => {
      const [workspace] = (await roots()).filter((r) => r.type === "source" && r.label === "Workspace manifests");
      const payments = child(child(workspace!, "shop"), "Deployment payments");
      assert.equal(payments.status, "broken");
      const fic = link(payments, "federated-credential");
      assert.equal(fic.status, "broken");
      const [f] = findings(fic);
      assert.equal(f?.finding.checkId, "fic-subject-mismatch");
      const { tree } = await api();
      const item = tree.getTreeItem(f!);
      assert.equal(item.contextValue, "finding.fixable.azure");
      assert.equal(item.command?.command, "wid.revealFinding");

      const cart = child(child(workspace!, "shop"), "Deployment cart");
      const labelMissing = findings(cart).find((x) => x.finding.checkId === "pod-label-missing");
      assert.ok(labelMissing, findings(cart).map((x) => x.finding.checkId).join(", "));
      assert.equal(tree.getTreeItem(labelMissing).contextValue, "finding.fixable.manifest");
      assert.equal(link(cart, "workload").status, "broken");
    });

    test("the view shows its nodes, and a node can be revealed", async () => {
      const { view, tree } = await api();
      const [workspace] = (await roots()).filter((r) => r.type === "source" && r.label === "Workspace manifests");
      const payments = child(child(workspace!, "shop"), "Deployment payments");
      await waitFor("the view to be visible", () => view.visible);
      await view.reveal(payments, { select: true, focus: true, expand: true });
      await waitFor("the selection", () => view.selection.some((n) => n.id === payments.id));
      assert.equal(tree.getParent(payments)?.label, "shop");
    });

    test("a finding's fix action asks first, in a modal dialog that names the change, and changes nothing unasked", async () => {
      const cluster = file("cloud/cluster.yaml");
      const [workspace] = (await roots()).filter((r) => r.type === "source" && r.label === "Workspace manifests");
      const cart = child(child(workspace!, "shop"), "Deployment cart");
      const node = findings(cart).find((x) => x.finding.checkId === "pod-label-missing");
      assert.ok(node);
      const before = new TextDecoder().decode(await vscode.workspace.fs.readFile(cluster));
      // VS Code refuses to show dialogs while extension tests run, and says what it was asked to show
      await assert.rejects(
        Promise.resolve(vscode.commands.executeCommand("wid.fixFinding", node)),
        /refused to show dialog in tests\. Contents: Apply "Label the pods of Deployment cart with azure\.workload\.identity\/use: "true""\?/,
      );
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === cluster.toString());
      assert.equal(doc?.getText() ?? new TextDecoder().decode(await vscode.workspace.fs.readFile(cluster)), before, "nothing changed");
    });

    test("checks that could not run are listed with why", async () => {
      const [workspace] = (await roots()).filter((r) => r.type === "source" && r.label === "Workspace manifests");
      const notRun = workspace!.children.find((c) => c.type === "not-run");
      assert.ok(notRun, "a not-run node");
      assert.ok(
        notRun.children.some((c) => /live cluster/.test(c.label) && /pod-not-mutated/.test(c.description ?? "")),
        notRun.children.map((c) => `${c.label} [${c.description}]`).join("\n"),
      );
    });

    test("an export path that cannot be read is an error node that says why", async () => {
      const config = vscode.workspace.getConfiguration("wid");
      const original = config.inspect("azure.exportPaths")?.workspaceValue;
      try {
        await config.update("azure.exportPaths", ["cloud/azure", "no-such-folder"], vscode.ConfigurationTarget.Workspace);
        const error = await waitFor("the error node", async () => {
          const [workspace] = (await roots()).filter((r) => r.type === "source" && r.label === "Workspace manifests");
          return workspace?.children.find((c) => c.type === "error");
        });
        assert.equal(error.label, "Azure export could not be read: no-such-folder: no such file or folder");
        const [workspace] = (await roots()).filter((r) => r.type === "source" && r.label === "Workspace manifests");
        assert.equal(workspace!.status, "error");
        assert.ok(workspace!.children.some((c) => c.label === "shop"), "what could be read is still shown");
      } finally {
        await config.update("azure.exportPaths", original, vscode.ConfigurationTarget.Workspace);
      }
      await waitFor("the error to go", async () => {
        const [workspace] = (await roots()).filter((r) => r.type === "source" && r.label === "Workspace manifests");
        return workspace && !workspace.children.some((c) => c.type === "error");
      });
    });

    test("Verify a Service Account follows its chain", async () => {
      type Verified = { workloads: { source: string; title: string; status: string; checkIds: string[] }[]; live?: { works: boolean; code?: number; explainedBy: string[] } | { error: string } };
      const broken = await vscode.commands.executeCommand<Verified>("wid.verifyServiceAccount", "shop/payments");
      // on the cluster: a token minted and exchanged as the workload would, refused by Entra ID, and why
      assert.ok(broken?.live && "works" in broken.live, JSON.stringify(broken?.live));
      assert.equal(broken.live.works, false);
      assert.equal(broken.live.code, 70021);
      assert.deepEqual(broken.live.explainedBy, ["fic-subject-mismatch"]);
      // the running cluster also has the AADSTS error its pods log
      assert.deepEqual(broken?.workloads, [
        { source: "aks-shop-prod", title: "shop/Deployment/payments", status: "broken", checkIds: ["fic-subject-mismatch", "runtime-aadsts-error"] },
        { source: "Workspace manifests", title: "shop/Deployment/payments", status: "broken", checkIds: ["fic-subject-mismatch"] },
      ]);
      const ok = await vscode.commands.executeCommand<Verified>("wid.verifyServiceAccount", "shop/orders");
      assert.deepEqual(ok?.live && "works" in ok.live ? ok.live.works : ok?.live, true);
      assert.deepEqual(ok?.workloads.map((w) => [w.source, w.status]), [
        ["aks-shop-prod", "ok"],
        ["Workspace manifests", "ok"],
      ]);
    });

    test("Run the Doctor reports every source of the view", async () => {
      const summary = await vscode.commands.executeCommand<{ sources: { title: string; findings: number; workloads: number; errors: string[] }[] }>("wid.runDoctor");
      const workspace = summary?.sources.find((s) => s.title === "Workspace manifests");
      assert.ok(workspace && workspace.findings > 0 && workspace.workloads > 0, JSON.stringify(summary));
      assert.deepEqual(workspace.errors, []);
    });
  });
}
