/**
 * The user's choices that core texts (errors, hints, problems) refer to. The core does not know
 * whether a person typed a flag or filled in an editor setting, so it names the choice with
 * `setting(name)` and each surface words it (`--kubeconfig` on the command line, `wid.kubeconfig`
 * in the editor) with `wordSettings` before showing the text.
 */
export type SettingName =
  | "manifests"
  | "manifestsStdin"
  | "azureExports"
  | "kubeconfig"
  | "context"
  | "subscription"
  | "resourceGroup"
  | "location"
  | "identity"
  | "createIdentity";

export type SettingWords = Readonly<Record<SettingName, string>>;

// Brackets no YAML, JSON or shell text uses, so a marker is never mistaken for input quoted in a message.
const OPEN = "\u27e6";
const CLOSE = "\u27e7";
const MARKER = /\u27e6([A-Za-z]+)\u27e7/g;

/** A setting named inside a core text, for the surface to word. */
export function setting(name: SettingName): string {
  return `${OPEN}${name}${CLOSE}`;
}

/** The text with each named setting in the surface's words. */
export function wordSettings(text: string, words: SettingWords): string {
  if (!text.includes(OPEN)) return text;
  return text.replace(MARKER, (marker, name: string) => (Object.hasOwn(words, name) ? words[name as SettingName] : marker));
}
