import type * as vscode from "vscode";
import type { Diagnostics } from "../diagnostics.js";
import type { Service } from "../service.js";
import type { IdentityTree } from "../tree.js";

/** What the commands work with. */
export interface CommandContext {
  service: () => Promise<Service>;
  diagnostics: Diagnostics;
  tree: IdentityTree;
  view: vscode.TreeView<import("#wid/engine").TreeNode>;
  log: vscode.LogOutputChannel;
}
