import type { InputProblem, SettingWords } from "@wid/core";

/** How the command line words the settings core texts name: the flags users type. */
export const CLI_SETTING_WORDS: SettingWords = {
  manifests: "-f",
  manifestsStdin: "-f -",
  azureExports: "--azure",
  kubeconfig: "--kubeconfig",
  context: "--context",
  subscription: "--subscription",
  resourceGroup: "--resource-group",
  location: "--location",
  identity: "--identity",
  createIdentity: "--create-identity",
};

/** The problems' texts in the command line's words, in place: every output format shows them. */
export async function wordProblems(problems: InputProblem[]): Promise<void> {
  const { wordSettings } = await import("@wid/core");
  for (const [i, p] of problems.entries()) {
    problems[i] = { ...p, message: wordSettings(p.message, CLI_SETTING_WORDS), ...(p.hint !== undefined ? { hint: wordSettings(p.hint, CLI_SETTING_WORDS) } : {}) };
  }
}
