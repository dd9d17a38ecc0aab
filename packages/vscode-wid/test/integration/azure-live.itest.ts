import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import type { TreeNode } from "#wid/engine";
import { api, closeAll, hoverText, open, rangeOfText, waitFor, widDiagnostics } from "./util.js";

async function workspaceRoot(): Promise<TreeNode | undefined> {
  const { tree } = await api();
  await tree.whenLoaded();
  return (await tree.getChildren()).find((r) => r.type === "source" && r.label === "Workspace manifests");
}

/**
 * Azure read live with the user's sign-in: the extension host has the credentials of the
 * simulated world's principal in its environment (as `az login` or a CI identity would give), and
 * the settings name the subscription. The exports are switched off, so what is found comes from
 * the simulated ARM.
 */
export default function azureLiveSuite(): void {
  suite("Azure read live with the user's sign-in", () => {
    const config = () => vscode.workspace.getConfiguration("wid");
    let exportPaths: unknown;

    suiteSetup(async () => {
      await api();
      exportPaths = config().inspect("azure.exportPaths")?.workspaceValue;
      assert.ok(process.env["AZURE_SUBSCRIPTION_ID"], "the runner signs the host in to the simulated Azure");
    });
    suiteTeardown(async () => {
      await config().update("azure.subscriptions", undefined, vscode.ConfigurationTarget.Workspace);
      await config().update("azure.exportPaths", exportPaths, vscode.ConfigurationTarget.Workspace);
    });
    teardown(closeAll);

    test("with the subscription named, the checks that need Azure run on what Azure says", async () => {
      const doc = await open("cloud/cluster.yaml");
      await config().update("azure.exportPaths", [], vscode.ConfigurationTarget.Workspace);
      await waitFor("the Azure checks to stop (no exports)", () => widDiagnostics(doc.uri, "sa-client-id-is-principal-id").length === 0);
      await config().update("azure.subscriptions", [process.env["AZURE_SUBSCRIPTION_ID"]], vscode.ConfigurationTarget.Workspace);
      // shop/catalog's ServiceAccount names the identity's principal id: only Azure can tell
      const [d] = await waitFor("sa-client-id-is-principal-id from live Azure", () => widDiagnostics(doc.uri, "sa-client-id-is-principal-id").length === 1 && widDiagnostics(doc.uri, "sa-client-id-is-principal-id"), 60_000);
      assert.ok(d!.range.start.isAfter(rangeOfText(doc, "name: catalog\n  namespace: shop").start));
      const root = await workspaceRoot();
      assert.match(root?.description ?? "", /Azure read live/);
      assert.ok(!root?.children.some((c) => c.type === "error"), "nothing failed");
    });

    test("hovers show the identity as Azure has it", async () => {
      const doc = await open("cloud/cluster.yaml");
      const needle = "  name: orders\n  namespace: shop\n  annotations:\n    azure.workload.identity/client-id: ";
      const at = rangeOfText(doc, needle).end;
      const text = await waitFor("a hover from live Azure", async () => {
        const t = await hoverText(doc.uri, at.translate(0, 2));
        return t.includes("Managed identity `id-orders`") && t;
      });
      assert.match(text, /Federated credentials: \d+, 1 for `system:serviceaccount:shop:orders`/);
    });

    test("a subscription Azure does not know is an error node that says why, not an empty tree", async () => {
      await config().update("azure.subscriptions", ["00000000-0000-4000-8000-000000000000"], vscode.ConfigurationTarget.Workspace);
      const error = await waitFor(
        "an Azure error node",
        async () => {
          await vscode.commands.executeCommand("wid.refresh");
          return (await workspaceRoot())?.children.find((c) => c.type === "error" && c.label.startsWith("Azure could not be read"));
        },
        60_000,
      );
      assert.match(error.label, /00000000-0000-4000-8000-000000000000|subscription/i);
      const root = await workspaceRoot();
      assert.equal(root?.status, "error");
      assert.ok(root?.children.some((c) => c.label === "shop"), "the manifests' chains are still shown");
    });
  });
}
