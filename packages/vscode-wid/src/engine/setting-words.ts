import { wordSettings, type InputProblem, type SettingWords } from "@wid/core";

/** How the editor words the settings core texts name: its own settings, or where the files are. */
export const EDITOR_SETTING_WORDS: SettingWords = {
  manifests: "in the editor",
  manifestsStdin: "standard input",
  azureExports: "the setting wid.azure.exportPaths",
  kubeconfig: "the setting wid.kubeconfig",
  context: "the setting wid.context",
  subscription: "the setting wid.azure.subscriptions",
  resourceGroup: "the resource group",
  location: "the location",
  identity: "the identity",
  createIdentity: "creating the identity",
};

/** A core text in the editor's words. */
export function editorWords(text: string): string;
export function editorWords(text: string | undefined): string | undefined;
export function editorWords(text: string | undefined): string | undefined {
  return text === undefined ? undefined : wordSettings(text, EDITOR_SETTING_WORDS);
}

/** A problem of the core's sources with its texts in the editor's words. */
export function editorProblem(p: InputProblem): InputProblem {
  return { ...p, message: editorWords(p.message), ...(p.hint !== undefined ? { hint: editorWords(p.hint) } : {}) };
}
