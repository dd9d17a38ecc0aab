import * as vscode from "vscode";
import type { Finding } from "@wid/core";
import { rangeOf } from "../diagnostics.js";
import { uriOf } from "../files.js";

/** Opens the file a finding points at, with its range selected. */
export async function revealFinding(finding: unknown): Promise<void> {
  const f = finding as Finding | undefined;
  const o = f?.object;
  const range = o ? rangeOf(o) : undefined;
  if (!o?.file || !range) {
    void vscode.window.showInformationMessage(`wid: ${f?.checkId ?? "this finding"} points at ${o ? `${o.kind} ${o.name}` : "nothing"}, which is not in a file.`);
    return;
  }
  await vscode.window.showTextDocument(uriOf(o.file), { selection: range, preview: true });
}
