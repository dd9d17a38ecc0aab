import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { answering, api, closeAll, codeOf, open, waitFor, widDiagnostics } from "../util.js";

/** Written by the kubeconfig's exec plugin, if anything ever ran it. */
function marker(): vscode.Uri {
  return vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, "exec-plugin-ran");
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  return vscode.workspace.fs.stat(uri).then(
    () => true,
    () => false,
  );
}

export default function untrustedSuite(): void {
  suite("Restricted Mode (an untrusted workspace)", () => {
    suiteSetup(async () => {
      assert.equal(vscode.workspace.isTrusted, false, "the runner opens this workspace untrusted");
      await api();
    });
    teardown(closeAll);

    test("the checks that need manifests alone still run on the open manifests", async () => {
      const doc = await open("manifests/web.yaml");
      await waitFor("sa-annotation-typo and sa-token-expiration-invalid", () => widDiagnostics(doc.uri, "sa-annotation-typo").length === 1 && widDiagnostics(doc.uri, "sa-token-expiration-invalid").length === 1);
    });

    test("the workspace's export paths are ignored: no check that needs Azure runs", async () => {
      const doc = await open("cloud/cluster.yaml");
      await waitFor("diagnostics on cluster.yaml", () => widDiagnostics(doc.uri).length > 0);
      const ids = new Set(widDiagnostics(doc.uri).map(codeOf));
      for (const id of ["fic-subject-mismatch", "sa-client-id-is-principal-id", "sa-client-id-unknown", "rbac-missing-for-target"]) assert.ok(!ids.has(id), `${id} ran: ${[...ids].join(", ")}`);
      assert.ok(ids.has("pod-label-missing"), [...ids].join(", "));
    });

    test("the view says why no cluster and no Azure are read, and shows the manifests' chains", async () => {
      const { tree } = await api();
      await vscode.commands.executeCommand("wid.refresh");
      const roots = await tree.getChildren();
      assert.equal(roots[0]?.id, "restricted");
      assert.match(roots[0]!.label, /Restricted Mode/);
      assert.ok(!roots.some((r) => r.id.startsWith("source:context:")), "no root for a kube context: no cluster is read");
      const workspace = roots.find((r) => r.type === "source");
      assert.ok(workspace);
      assert.ok(!workspace.children.some((c) => c.type === "error"), "no export was even tried");
      const notRun = workspace.children.find((c) => c.type === "not-run");
      assert.ok(notRun?.children.some((c) => /az identity list/.test(c.label)), "the Azure checks are not run, and say what they need");
    });

    test("no command runs the kubeconfig's exec plugin or reads a cluster", async () => {
      assert.equal(await vscode.commands.executeCommand("wid.switchContext"), undefined);
      await vscode.commands.executeCommand("wid.runDoctor");
      await vscode.commands.executeCommand("wid.refresh");
      await vscode.commands.executeCommand("wid.verifyServiceAccount", "shop/orders");
      assert.equal(await exists(marker()), false, "the exec plugin ran");
    });

    test("a fix of the cluster is neither asked nor applied: the command says why", async () => {
      const doc = await open("cloud/cluster.yaml");
      await waitFor("pod-label-missing", () => widDiagnostics(doc.uri, "pod-label-missing").length > 0);
      const { tree } = await api();
      await tree.whenLoaded();
      const node = [...tree.nodes()].find((n) => n.type === "finding" && n.finding.checkId === "pod-label-missing");
      assert.ok(node?.type === "finding");
      const { result, asked, warned } = await answering("Apply", () => vscode.commands.executeCommand("wid.fixFinding", node.finding, "cluster"));
      assert.equal(result, "restricted");
      assert.deepEqual(asked, [], "no confirmation: nothing would be applied");
      assert.match(warned[0]?.message ?? "", /Restricted Mode: nothing was run or sent[^]*kubectl patch deployment\//);
      assert.equal(await exists(marker()), false, "the exec plugin ran");
    });

  });
}
