import * as vscode from "vscode";
import type { KubeContext, KubeContexts } from "#wid/engine";
import { loadEngine } from "./engine-loader.js";
import { readTextFile } from "./files.js";
import { kubeconfigFiles } from "./kubeconfig-path.js";
import { clusterSettings } from "./settings.js";

export type ReadContexts = { ok: true; path: string; found: KubeContexts } | { ok: false; message: string };

/** The contexts of the kubeconfig files wid reads, merged as kubectl merges them, read as text: nothing in them is run. */
export async function readKubeContexts(): Promise<ReadContexts> {
  const files = kubeconfigFiles();
  const path = files.join(", ") || "KUBECONFIG";
  const engine = await loadEngine();
  const found: KubeContexts = { current: undefined, contexts: [] };
  for (const file of files) {
    let text: string;
    try {
      text = await readTextFile(vscode.Uri.file(file));
    } catch (e) {
      return { ok: false, message: `cannot read the kubeconfig ${file}: ${e instanceof Error ? e.message : String(e)}` };
    }
    let one: KubeContexts;
    try {
      one = engine.kubeContexts(text);
    } catch (e) {
      return { ok: false, message: `the kubeconfig ${file} is not valid YAML: ${e instanceof Error ? e.message : String(e)}` };
    }
    // as kubectl merges them: the first file to name a context, or a current one, wins
    found.current ??= one.current;
    for (const c of one.contexts) if (!found.contexts.some((k) => k.name === c.name)) found.contexts.push(c);
  }
  return { ok: true, path, found };
}

/** The context wid reads and writes through (wid.context, else the kubeconfig's current one), when the kubeconfig names it. */
export async function chosenContext(): Promise<KubeContext | undefined> {
  const read = await readKubeContexts();
  if (!read.ok) return undefined;
  const name = clusterSettings().context ?? read.found.current;
  return read.found.contexts.find((c) => c.name === name);
}
