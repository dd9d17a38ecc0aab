import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { api, closeAll, codeActions, codeOf, open, rangeOfText, show, waitFor, widDiagnostics } from "./util.js";

export default function diagnosticsSuite(): void {
  suite("diagnostics and quick fixes", () => {
    suiteSetup(async () => {
      await api();
    });
    teardown(closeAll);

    test("a misspelled annotation is reported on its key, with the check's id, docs and severity", async () => {
      const doc = await open("single/web.yaml");
      const [d] = await waitFor("sa-annotation-typo on web.yaml", () => widDiagnostics(doc.uri, "sa-annotation-typo").length === 1 && widDiagnostics(doc.uri, "sa-annotation-typo"));
      assert.equal(show(d!.range), show(rangeOfText(doc, "azure.workload.identity/tenant_id")));
      assert.equal(d!.severity, vscode.DiagnosticSeverity.Error);
      assert.equal(d!.source, "wid");
      const code = d!.code as { value: string; target: vscode.Uri };
      assert.equal(code.value, "sa-annotation-typo");
      assert.match(code.target.toString(), /sa-annotation-typo\.md$/);
      // the docs link opens the check's page
      const page = await vscode.workspace.openTextDocument(code.target);
      assert.match(page.getText(), /^# sa-annotation-typo\n/);
    });

    test("a value out of range is reported on the value", async () => {
      const doc = await open("single/web.yaml");
      const [d] = await waitFor("sa-token-expiration-invalid", () => widDiagnostics(doc.uri, "sa-token-expiration-invalid").length === 1 && widDiagnostics(doc.uri, "sa-token-expiration-invalid"));
      assert.equal(show(d!.range), show(rangeOfText(doc, '"600"')));
    });

    test("the preferred quick fix renames the key through the manifest executor, and the diagnostic goes away", async () => {
      const doc = await open("single/web.yaml");
      const before = doc.getText();
      const [d] = await waitFor("sa-annotation-typo", () => widDiagnostics(doc.uri, "sa-annotation-typo").length === 1 && widDiagnostics(doc.uri, "sa-annotation-typo"));
      const actions = await codeActions(doc.uri, d!.range);
      const titles = actions.map((a) => a.title);
      const fix = actions.find((a) => a.isPreferred && a.edit);
      assert.ok(fix, `a preferred quick fix with an edit: ${titles.join(" | ")}`);
      assert.match(fix.title, /tenant-id/);
      assert.ok(titles.includes("Explain sa-annotation-typo"), titles.join(" | "));
      assert.ok(titles.includes("Disable sa-annotation-typo in this file"), titles.join(" | "));
      assert.ok(titles.includes("Disable sa-annotation-typo for the workspace"), titles.join(" | "));
      assert.ok(await vscode.workspace.applyEdit(fix.edit!));
      // only the key changed: the comment, the other annotations and the quoting are kept
      assert.equal(doc.getText(), before.replace("azure.workload.identity/tenant_id:", "azure.workload.identity/tenant-id:"));
      await waitFor("sa-annotation-typo to go away", () => widDiagnostics(doc.uri, "sa-annotation-typo").length === 0);
      assert.equal(widDiagnostics(doc.uri, "sa-token-expiration-invalid").length, 1, "the other finding stays");
    });

    test("fixing the token expiration sets the value the check wants", async () => {
      const doc = await open("single/web.yaml");
      const [d] = await waitFor("sa-token-expiration-invalid", () => widDiagnostics(doc.uri, "sa-token-expiration-invalid").length === 1 && widDiagnostics(doc.uri, "sa-token-expiration-invalid"));
      const fix = (await codeActions(doc.uri, d!.range)).find((a) => a.isPreferred && a.edit);
      assert.ok(fix, "a preferred fix");
      assert.ok(await vscode.workspace.applyEdit(fix.edit!));
      assert.match(doc.getText(), /azure\.workload\.identity\/service-account-token-expiration: "3600"/);
      await waitFor("sa-token-expiration-invalid to go away", () => widDiagnostics(doc.uri, "sa-token-expiration-invalid").length === 0);
    });

    test("an edit brings a diagnostic back after the debounce", async () => {
      const doc = await open("single/web.yaml");
      await waitFor("first diagnostics", () => widDiagnostics(doc.uri).length > 0);
      const edit = new vscode.WorkspaceEdit();
      edit.replace(doc.uri, rangeOfText(doc, '"600"'), '"59"');
      assert.ok(await vscode.workspace.applyEdit(edit));
      const [d] = await waitFor("the new value reported", () => {
        const list = widDiagnostics(doc.uri, "sa-token-expiration-invalid");
        return list.length === 1 && show(list[0]!.range) === show(rangeOfText(doc, '"59"')) && list;
      });
      assert.match(d!.message, /59/);
    });

    test("a fix the manifest executor refuses is offered disabled, with its reason", async () => {
      const doc = await open("single/anchored.yaml");
      const [d] = await waitFor("sa-token-expiration-invalid", () => widDiagnostics(doc.uri, "sa-token-expiration-invalid").length === 1 && widDiagnostics(doc.uri, "sa-token-expiration-invalid"));
      const before = doc.getText();
      const fix = (await codeActions(doc.uri, d!.range)).find((a) => a.kind?.value === "quickfix" && /3600/.test(a.title));
      assert.ok(fix, "the fix is listed (disabled: VS Code's API command does not hand the reason back)");
      assert.equal(fix.edit, undefined, "no edit to apply");
      // the fix command says so too, and changes nothing
      const { tree } = await api();
      await vscode.commands.executeCommand("wid.identities.focus");
      await tree.refresh();
      const node = [...tree.nodes()].find((n) => n.type === "finding" && n.finding.checkId === "sa-token-expiration-invalid" && n.finding.object.name === "anchored");
      assert.ok(node, "the finding is in the view");
      assert.equal(await vscode.commands.executeCommand("wid.fixFinding", node), "refused");
      assert.equal(doc.getText(), before);
    });

    test("Explain opens the check's documentation", async () => {
      const uri = await vscode.commands.executeCommand<vscode.Uri>("wid.openCheckDocs", "sa-token-expiration-invalid");
      assert.ok(uri);
      const page = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      assert.ok(page, "the page is open");
      assert.match(page.getText(), /^# sa-token-expiration-invalid\n/);
      assert.match(page.getText(), /## When it fires/);
    });

    test("Disable in this file hides the check there only; Disable for the workspace hides it everywhere", async () => {
      const doc = await open("single/web.yaml");
      const other = await open("cross/deployments.yaml");
      await waitFor("pod-label-missing on deployments.yaml", () => widDiagnostics(other.uri, "pod-label-missing").length > 0);
      const [d] = await waitFor("sa-token-expiration-invalid", () => widDiagnostics(doc.uri, "sa-token-expiration-invalid").length === 1 && widDiagnostics(doc.uri, "sa-token-expiration-invalid"));
      const inFile = (await codeActions(doc.uri, d!.range)).find((a) => a.title === "Disable sa-token-expiration-invalid in this file");
      assert.ok(inFile?.command);
      try {
        await vscode.commands.executeCommand(inFile.command.command, ...(inFile.command.arguments ?? []));
        assert.deepEqual(vscode.workspace.getConfiguration("wid", doc.uri).get("checks.disabledInFiles"), { "single/web.yaml": ["sa-token-expiration-invalid"] });
        await waitFor("the check to be hidden in web.yaml", () => widDiagnostics(doc.uri, "sa-token-expiration-invalid").length === 0);
        assert.ok(widDiagnostics(doc.uri, "sa-annotation-typo").length > 0, "other checks still show in the file");

        const pl = widDiagnostics(other.uri, "pod-label-missing")[0]!;
        const everywhere = (await codeActions(other.uri, pl.range)).find((a) => a.title === "Disable pod-label-missing for the workspace");
        assert.ok(everywhere?.command);
        await vscode.commands.executeCommand(everywhere.command.command, ...(everywhere.command.arguments ?? []));
        assert.deepEqual(vscode.workspace.getConfiguration("wid").get("checks.disabled"), ["pod-label-missing"]);
        await waitFor("pod-label-missing to be hidden", () => widDiagnostics(other.uri, "pod-label-missing").length === 0);
      } finally {
        await vscode.workspace.getConfiguration("wid").update("checks.disabledInFiles", undefined, vscode.ConfigurationTarget.Workspace);
        await vscode.workspace.getConfiguration("wid").update("checks.disabled", undefined, vscode.ConfigurationTarget.Workspace);
      }
      await waitFor("the checks to be back", () => widDiagnostics(doc.uri, "sa-token-expiration-invalid").length === 1 && widDiagnostics(other.uri, "pod-label-missing").length > 0);
    });

    test("a severity override from the settings changes the diagnostic's severity", async () => {
      const doc = await open("single/web.yaml");
      await waitFor("sa-token-expiration-invalid", () => widDiagnostics(doc.uri, "sa-token-expiration-invalid").length === 1);
      try {
        await vscode.workspace.getConfiguration("wid").update("checks.severity", { "sa-token-expiration-invalid": "info" }, vscode.ConfigurationTarget.Workspace);
        await waitFor("the severity to be information", () => widDiagnostics(doc.uri, "sa-token-expiration-invalid")[0]?.severity === vscode.DiagnosticSeverity.Information);
      } finally {
        await vscode.workspace.getConfiguration("wid").update("checks.severity", undefined, vscode.ConfigurationTarget.Workspace);
      }
      await waitFor("the severity to be back", () => widDiagnostics(doc.uri, "sa-token-expiration-invalid")[0]?.severity === vscode.DiagnosticSeverity.Error);
    });

    test("diagnostics are only wid's own, and every one names a check", async () => {
      const doc = await open("single/web.yaml");
      await waitFor("diagnostics", () => widDiagnostics(doc.uri).length > 0);
      for (const d of widDiagnostics(doc.uri)) assert.match(codeOf(d) ?? "", /^[a-z]+(-[a-z0-9]+)+$/);
    });
  });
}
