import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { api, closeAll, file, hoverText, open, rangeOfText, waitFor, widDiagnostics } from "./util.js";

interface Identity {
  name: string;
  clientId: string;
  principalId: string;
  tenantId: string;
  resourceGroup: string;
}

async function identity(name: string): Promise<Identity> {
  const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(file("cloud/azure/identities.json")));
  const found = (JSON.parse(text) as Identity[]).find((i) => i.name === name);
  if (!found) throw new Error(`no identity ${name} in the export`);
  return found;
}

export default function hoverSuite(): void {
  suite("hovers", () => {
    suiteSetup(async () => {
      await api();
    });
    teardown(closeAll);

    test("a client id shows its managed identity: name, resource group, tenant, credentials and roles", async () => {
      const orders = await identity("id-orders");
      const doc = await open("cloud/cluster.yaml");
      await waitFor("the analysis of cluster.yaml", () => widDiagnostics(doc.uri).length > 0);
      const at = rangeOfText(doc, orders.clientId, "  name: orders\n  namespace: shop\n  annotations:");
      const text = await hoverText(doc.uri, at.start.translate(0, 3));
      assert.match(text, /Managed identity `id-orders`/);
      assert.ok(text.includes(orders.resourceGroup), text);
      assert.ok(text.includes(orders.tenantId), text);
      assert.ok(text.includes(orders.principalId), text);
      assert.match(text, /Federated credentials: \d+, 1 for `system:serviceaccount:shop:orders`/);
      assert.match(text, /Role assignments: [1-9]/);
    });

    test("a credential whose subject names another ServiceAccount shows as missing for this one", async () => {
      const payments = await identity("id-payments");
      const doc = await open("cloud/cluster.yaml");
      const text = await waitFor("the hover", async () => {
        const t = await hoverText(doc.uri, rangeOfText(doc, payments.clientId, "  name: payments\n  namespace: shop\n  annotations:").start);
        return t.includes("id-payments") && t;
      });
      assert.match(text, /none has the subject `system:serviceaccount:shop:payments`/);
    });

    test("a principal id where the client id belongs is named as such", async () => {
      const catalog = await identity("id-catalog");
      const doc = await open("cloud/cluster.yaml");
      const text = await hoverText(doc.uri, rangeOfText(doc, catalog.principalId).start);
      assert.match(text, /principal \(object\) id\*\* of managed identity `id-catalog`/);
      assert.ok(text.includes(catalog.clientId), text);
    });

    test("a client id no identity has says so", async () => {
      const doc = await open("single/web.yaml");
      const text = await hoverText(doc.uri, rangeOfText(doc, "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b").start);
      assert.match(text, /No managed identity with client id `6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b` in the Azure data \(\d+ identities read\)/);
    });

    test("no hover away from identity fields", async () => {
      const doc = await open("single/web.yaml");
      const text = await hoverText(doc.uri, rangeOfText(doc, "image: nginx").start);
      assert.ok(!/Managed identity|client id/i.test(text), text);
    });
  });
}
