import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { setting, wordSettings, type SettingWords } from "@wid/core";

const WORDS: SettingWords = {
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

describe("settings named in core texts", () => {
  it("are worded by the surface, every one of them, and nothing else in the text changes", () => {
    const text = `${setting("kubeconfig")} /k: no such file; choose a context (${setting("context")}) [x] {y}`;
    expect(wordSettings(text, WORDS)).toBe("--kubeconfig /k: no such file; choose a context (--context) [x] {y}");
    expect(wordSettings(text, { ...WORDS, kubeconfig: "the setting wid.kubeconfig" })).toMatch(/^the setting wid\.kubeconfig \/k/);
    expect(wordSettings("plain text", WORDS)).toBe("plain text");
  });

  it("leave a marker that names no setting as it is", () => {
    expect(wordSettings("\u27e6nope\u27e7 and \u27e6toString\u27e7", WORDS)).toBe("\u27e6nope\u27e7 and \u27e6toString\u27e7");
  });
});

// The engine's errors and hints reach the command line and the editor alike: a flag written into
// them would be wrong in the editor. Commands for az and kubectl, and check docs, are not such texts.
describe("core error texts", () => {
  const SRC = join(import.meta.dirname, "..", "src");
  const files = (dir: string): string[] => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : n.endsWith(".ts") ? [join(dir, n)] : []));
  const CLI_FLAG = /(?:^|[\s(`"'])(?:--(?:azure|kubeconfig|context|subscription|resource-group|location|identity|create-identity|check|skip|target|cluster|allow-empty|yes|dry-run)\b|-f\b|-A\b)/;

  it("name no command-line flag in a UserError's message or hint", () => {
    const offenders: string[] = [];
    for (const file of files(SRC)) {
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(/new UserError\(([\s\S]*?)\);?\n/g)) {
        const call = m[1]!.replace(/`az [^`]*`|"az [^"]*"|\(az [^)]*\)/g, "");
        if (CLI_FLAG.test(call)) offenders.push(`${relative(SRC, file)}: ${call.slice(0, 120)}`);
      }
      for (const m of text.matchAll(/hint[:=]\s*(`[^`]*`|"[^"]*")/g)) {
        if (CLI_FLAG.test(m[1]!.replace(/az [^`"]*/g, ""))) offenders.push(`${relative(SRC, file)}: ${m[1]!.slice(0, 120)}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
