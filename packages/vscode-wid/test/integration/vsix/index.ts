/**
 * Runs in a host where wid is installed from its .vsix (not as a development extension): the
 * package activates and does its work from what it carries.
 */
import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { runMocha } from "../mocha.js";
import type { WidApi } from "../../../src/extension.js";
import { EXTENSION_ID, open, rangeOfText, show, waitFor, widDiagnostics } from "../util.js";

function installedSuite(): void {
  suite("the installed .vsix", () => {
    test("is installed, not loaded from the sources", () => {
      const ext = vscode.extensions.getExtension(EXTENSION_ID);
      assert.ok(ext, "installed");
      assert.equal(ext.extensionKind, vscode.ExtensionKind.Workspace);
      assert.ok(!ext.extensionPath.includes("packages/vscode-wid"), ext.extensionPath);
    });

    test("activates on a YAML document and reports at the exact range", async () => {
      const doc = await open("web.yaml");
      const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
      await waitFor("activation", () => ext.isActive);
      const [d] = await waitFor("sa-annotation-typo", () => widDiagnostics(doc.uri, "sa-annotation-typo").length === 1 && widDiagnostics(doc.uri, "sa-annotation-typo"));
      assert.equal(show(d!.range), show(rangeOfText(doc, "azure.workload.identity/tenant_id")));
    });

    test("reads the cluster with what it carries (the cluster client bundled)", async () => {
      const api = await vscode.extensions.getExtension<WidApi>(EXTENSION_ID)!.activate();
      await vscode.commands.executeCommand("wid.identities.focus");
      await api.tree.refresh(true);
      const root = (await api.tree.getChildren()).find((r) => r.id.startsWith("source:context:"));
      assert.equal(root?.label, "aks-shop-prod");
      assert.deepEqual(root.children.filter((c) => c.type === "error").map((c) => c.label), []);
      assert.ok(root.children.some((c) => c.label === "shop"), root.children.map((c) => c.label).join(", "));
    });

    test("carries the checks' documentation", async () => {
      const uri = await vscode.commands.executeCommand<vscode.Uri>("wid.openCheckDocs", "sa-annotation-typo");
      const page = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri?.toString());
      assert.match(page?.getText() ?? "", /^# sa-annotation-typo\n/);
    });
  });
}

export function run(): Promise<void> {
  return runMocha([installedSuite]);
}
