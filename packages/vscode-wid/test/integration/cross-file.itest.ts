import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { api, closeAll, open, rangeOfText, show, waitFor, widDiagnostics } from "./util.js";

export default function crossFileSuite(): void {
  suite("findings across files", () => {
    suiteSetup(async () => {
      await api();
    });
    teardown(closeAll);

    test("a Deployment is judged with the ServiceAccount of another file, read from disk", async () => {
      const deployments = await open("cross/deployments.yaml");
      // the ServiceAccount `api` (in service-accounts.yaml, never opened) names an identity; its pods lack the label
      const [d] = await waitFor("pod-label-missing on the api Deployment", () => widDiagnostics(deployments.uri, "pod-label-missing").length === 1 && widDiagnostics(deployments.uri, "pod-label-missing"));
      const apiDoc = rangeOfText(deployments, "name: api");
      const workerDoc = rangeOfText(deployments, "name: worker");
      assert.ok(d!.range.start.isAfter(apiDoc.start) && d!.range.start.isBefore(workerDoc.start), `in the api Deployment: ${show(d!.range)}`);
      // `worker` exists in the other file: no sa-missing
      assert.equal(widDiagnostics(deployments.uri, "sa-missing").length, 0);
    });

    test("an unsaved edit of one file changes the findings of another", async () => {
      const deployments = await open("cross/deployments.yaml");
      await waitFor("pod-label-missing", () => widDiagnostics(deployments.uri, "pod-label-missing").length === 1);
      const accounts = await open("cross/service-accounts.yaml");
      const edit = new vscode.WorkspaceEdit();
      // rename the ServiceAccount worker: the worker Deployment now runs as one that does not exist
      edit.replace(accounts.uri, rangeOfText(accounts, "name: worker"), "name: worker-renamed");
      assert.ok(await vscode.workspace.applyEdit(edit));
      const [missing] = await waitFor("sa-missing on the worker Deployment", () => widDiagnostics(deployments.uri, "sa-missing").length === 1 && widDiagnostics(deployments.uri, "sa-missing"));
      assert.equal(show(missing!.range), show(rangeOfText(deployments, "worker", "serviceAccountName: worker")));
      // and the other way: no client id on api, so its pods need no label
      const edit2 = new vscode.WorkspaceEdit();
      const line = rangeOfText(accounts, "    azure.workload.identity/client-id: 0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d\n");
      edit2.delete(accounts.uri, line);
      assert.ok(await vscode.workspace.applyEdit(edit2));
      await waitFor("pod-label-missing to go", () => widDiagnostics(deployments.uri, "pod-label-missing").length === 0);
      // closing the edited file without saving brings back what its file says
      await vscode.window.showTextDocument(accounts);
      await vscode.commands.executeCommand("workbench.action.revertAndCloseActiveEditor");
      await waitFor("the findings of the saved files", () => widDiagnostics(deployments.uri, "pod-label-missing").length === 1 && widDiagnostics(deployments.uri, "sa-missing").length === 0);
    });

    test("Check Every Manifest shows findings of files that are not open", async () => {
      const total = await vscode.commands.executeCommand<number>("wid.scanWorkspace");
      assert.ok(typeof total === "number" && total > 0, String(total));
      const root = vscode.workspace.workspaceFolders![0]!.uri;
      const cluster = vscode.Uri.joinPath(root, "cloud", "cluster.yaml");
      const credentials = vscode.Uri.joinPath(root, "cloud", "azure", "federated-credentials.json");
      for (const uri of [cluster, credentials]) assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()), `${uri.path} is not open`);
      assert.equal(widDiagnostics(cluster, "pod-label-missing").length, 1, "shop/cart of the simulated cluster");
      assert.equal(widDiagnostics(credentials, "fic-subject-mismatch").length, 1, "the credential of shop/payments, in the Azure export");
    });
  });
}
