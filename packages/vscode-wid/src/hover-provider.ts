import * as vscode from "vscode";
import type { Diagnostics } from "./diagnostics.js";
import { fileKey } from "./files.js";
import type { Service } from "./service.js";

/** Hovers on client ids, tenant ids and ServiceAccount names: the identity, its credentials and roles. */
export class Hovers implements vscode.HoverProvider {
  constructor(
    private readonly diagnostics: Diagnostics,
    private readonly service: () => Promise<Service>,
  ) {}

  async provideHover(doc: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    const service = await this.service();
    if (token.isCancellationRequested) return undefined;
    await service.inputs.ready();
    const analysis = this.diagnostics.current(service);
    const info = service.mod.hoverAt(analysis, fileKey(doc.uri), doc.offsetAt(position));
    if (!info) return undefined;
    const { start, end } = info.range;
    const md = new vscode.MarkdownString(info.markdown);
    return new vscode.Hover(md, new vscode.Range(start.line - 1, start.column - 1, end.line - 1, end.column - 1));
  }
}
