import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import type { TreeNode } from "#wid/engine";
import { answering, api, closeAll, waitFor, type Asked } from "./util.js";
import { armGet, kubeGet, kubeMergePatch, kubeToken } from "./world.js";

type FindingNode = Extract<TreeNode, { type: "finding" }>;

function findings(n: TreeNode): FindingNode[] {
  return n.type === "finding" ? [n] : n.children.flatMap(findings);
}

async function clusterRoot(): Promise<TreeNode> {
  const { tree } = await api();
  await tree.whenLoaded();
  const root = (await tree.getChildren()).find((r) => r.type === "source" && r.id.startsWith("source:context:"));
  assert.ok(root, "a root for the kube context");
  return root;
}

async function clusterFinding(checkId: string, name: string): Promise<FindingNode | undefined> {
  return findings(await clusterRoot()).find((f) => f.finding.checkId === checkId && f.finding.object.name === name);
}

interface ServiceAccount {
  metadata: { resourceVersion: string; annotations?: Record<string, string> };
}

const EXPIRATION = "azure.workload.identity/service-account-token-expiration";

/**
 * Fixes applied from the view to the simulated cluster and Azure. They change the world the
 * other suites read, so this suite runs last and mends findings no other test looks at:
 * billing/reports's token expiration, and the issuer of billing/invoices's federated credential.
 */
export default function liveFixSuite(): void {
  suite("fixing findings on the live cluster and in Azure", () => {
    const config = () => vscode.workspace.getConfiguration("wid");
    let exportPaths: unknown;

    suiteSetup(async () => {
      const { tree } = await api();
      exportPaths = config().inspect("azure.exportPaths")?.workspaceValue;
      await vscode.commands.executeCommand("wid.identities.focus");
      await tree.refresh(true);
    });
    suiteTeardown(async () => {
      await config().update("azure.subscriptions", undefined, vscode.ConfigurationTarget.Workspace);
      await config().update("azure.exportPaths", exportPaths, vscode.ConfigurationTarget.Workspace);
    });
    teardown(closeAll);

    test("a cancelled confirmation changes nothing on the cluster", async () => {
      const before = await kubeGet<ServiceAccount>("/api/v1/namespaces/billing/serviceaccounts/reports");
      const node = await waitFor("sa-token-expiration-invalid on billing/reports", () => clusterFinding("sa-token-expiration-invalid", "reports"), 60_000);
      const { tree } = await api();
      assert.equal(tree.getTreeItem(node).contextValue, "finding.fixable.cluster");
      // as the view's inline action calls it: the node, and the selection
      const { result, asked } = await answering(undefined, () => vscode.commands.executeCommand("wid.fixFinding", node, [node]));
      assert.equal(result, "cancelled");
      assert.equal(asked.length, 1, "asked once");
      assert.match(asked[0]!.detail ?? "", /ServiceAccount billing\/reports: a JSON merge patch/);
      const after = await kubeGet<ServiceAccount>("/api/v1/namespaces/billing/serviceaccounts/reports");
      assert.equal(after.metadata.resourceVersion, before.metadata.resourceVersion, "not written");
      assert.equal(after.metadata.annotations?.[EXPIRATION], before.metadata.annotations?.[EXPIRATION]);
      assert.ok(await clusterFinding("sa-token-expiration-invalid", "reports"), "still found");
    });

    test("a cluster finding's fix, confirmed, patches the object and the view no longer shows the finding", async () => {
      const node = await waitFor("sa-token-expiration-invalid on billing/reports", () => clusterFinding("sa-token-expiration-invalid", "reports"), 60_000);
      const { result, asked } = await answering("Apply", () => vscode.commands.executeCommand("wid.fixFinding", node, [node]));
      assert.equal(result, "applied");
      assert.equal(asked.length, 1);
      const [{ message, detail, items }] = asked as [Asked];
      assert.deepEqual(items, ["Apply"]);
      assert.equal(message, 'Apply "Set the token expiration to "3600"" to the cluster of context "aks-shop-prod"?');
      assert.match(detail ?? "", /ServiceAccount billing\/reports: a JSON merge patch, only if it is still as read \(uid [0-9a-f-]+, resourceVersion \d+\):/);
      assert.ok(detail?.includes(JSON.stringify({ metadata: { annotations: { [EXPIRATION]: "3600" } } }, null, 2)), detail);
      assert.ok(detail?.includes(`kubectl patch serviceaccount/reports -n billing --type merge -p '{"metadata":{"annotations":{"${EXPIRATION}":"3600"}}}'`), detail);
      assert.ok(!detail?.includes(kubeToken()), "no credential");

      const after = await kubeGet<ServiceAccount>("/api/v1/namespaces/billing/serviceaccounts/reports");
      assert.equal(after.metadata.annotations?.[EXPIRATION], "3600");
      // the view was read again when the command returned
      assert.equal(await clusterFinding("sa-token-expiration-invalid", "reports"), undefined);
    });

    test("a fix of an object changed since the view read it is refused before anything is asked, and says why", async () => {
      const node = await waitFor("sa-annotation-typo on billing/ledger", () => clusterFinding("sa-annotation-typo", "ledger"), 60_000);
      // someone else changes the ServiceAccount after the view read it
      const changed = await kubeMergePatch<ServiceAccount>("/api/v1/namespaces/billing/serviceaccounts/ledger", { metadata: { labels: { team: "billing" } } });
      const { result, asked, errors } = await answering("Apply", () => vscode.commands.executeCommand("wid.fixFinding", node, [node]));
      assert.equal(result, "refused");
      assert.deepEqual(asked, [], "not asked: it would be refused");
      assert.equal(errors.length, 1, errors.join("\n"));
      // the executor's reason: the object and the resourceVersion it was read at
      assert.match(errors[0]!, /: nothing was changed\. ServiceAccount billing\/ledger .*resourceVersion \d+/);
      const after = await kubeGet<ServiceAccount>("/api/v1/namespaces/billing/serviceaccounts/ledger");
      assert.equal(after.metadata.resourceVersion, changed.metadata.resourceVersion, "not written");
      // the view read the cluster again: the finding is there, as the object is now
      const again = await waitFor("the finding read again", () => clusterFinding("sa-annotation-typo", "ledger"), 30_000);
      const step = again.finding.fixes[0]?.plans.find((p) => p.target === "cluster")?.steps[0];
      assert.equal(step && "guard" in step ? step.guard.resourceVersion : undefined, changed.metadata.resourceVersion);
    });

    test("an Azure finding's fix, confirmed, updates the federated credential and the view no longer shows the finding", async () => {
      const subscription = process.env["AZURE_SUBSCRIPTION_ID"];
      assert.ok(subscription, "the runner signs the host in to the simulated Azure");
      // the cluster's Azure read live with the user's sign-in: what is written is what was read
      await config().update("azure.exportPaths", [], vscode.ConfigurationTarget.Workspace);
      await config().update("azure.subscriptions", [subscription], vscode.ConfigurationTarget.Workspace);
      const node = await waitFor(
        "fic-issuer-mismatch from live Azure",
        async () => {
          const n = await clusterFinding("fic-issuer-mismatch", "aks-billing-invoices");
          return n && (await clusterRoot()).children.every((c) => c.type !== "error") && n;
        },
        60_000,
      );
      const { tree } = await api();
      assert.equal(tree.getTreeItem(node).contextValue, "finding.fixable.azure");
      const id = node.finding.object.id;
      assert.ok(id, "the credential's resource id");
      const expected = node.finding.evidence["expected"];
      assert.equal(typeof expected, "string");

      const { result, asked } = await answering("Apply", () => vscode.commands.executeCommand("wid.fixFinding", node, [node]));
      assert.equal(result, "applied");
      const [{ message, detail }] = asked as [Asked];
      assert.equal(message, 'Apply "Update federated credential "aks-billing-invoices" on identity id-invoices" to Azure?');
      assert.ok(detail?.includes(`  resource: ${id}`), detail);
      assert.ok(detail?.includes(`  issuer: ${expected as string} (now `), detail);
      assert.ok(detail?.includes("  subject: system:serviceaccount:billing:invoices"), detail);
      assert.match(detail ?? "", /The same as:\naz identity federated-credential update[^]*--issuer /);
      assert.ok(!detail?.includes(process.env["AZURE_CLIENT_SECRET"] ?? "no secret"), "no credential");

      const fic = await armGet<{ properties: { issuer: string; subject: string } }>(id, "2023-01-31");
      assert.equal(fic.properties.issuer, expected);
      assert.equal(fic.properties.subject, "system:serviceaccount:billing:invoices");
      assert.equal(await clusterFinding("fic-issuer-mismatch", "aks-billing-invoices"), undefined);
    });
  });
}
