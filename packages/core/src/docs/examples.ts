import { isDeepStrictEqual } from "node:util";
import type { CheckExample, CheckExamples } from "../checks/types.js";

/** Where `pnpm run docs` writes the examples, from the repository root. */
export const EXAMPLES_DIR = "docs/checks/examples";

export type ExampleSide = "bad" | "good";

/** The manifest file of an example, inside its folder. */
export const EXAMPLE_MANIFESTS = "manifests.yaml";
/** The folder of an example's Azure CLI exports, inside its folder. */
export const EXAMPLE_AZURE = "azure";

/** An Azure export as `az ... -o json` prints it: two-space indents, a final line break. */
export function exportText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** The files of an example by path inside its folder (`manifests.yaml`, `azure/aks.json`, ...), with their text. */
export function exampleFiles(example: CheckExample): Map<string, string> {
  const files = new Map<string, string>([[EXAMPLE_MANIFESTS, example.manifests]]);
  for (const [name, value] of Object.entries(example.azure ?? {})) files.set(`${EXAMPLE_AZURE}/${name}`, exportText(value));
  return files;
}

/** The folder of one side of a check's example, from the repository root. */
export function exampleFolder(id: string, side: ExampleSide): string {
  return `${EXAMPLES_DIR}/${id}/${side}`;
}

/** The command that runs the doctor on one side of a check's example. */
export function exampleCommand(id: string, side: ExampleSide, example: CheckExample): string {
  const dir = exampleFolder(id, side);
  return `kubectl wid doctor -f ${dir}/${EXAMPLE_MANIFESTS}${example.azure ? ` --azure ${dir}/${EXAMPLE_AZURE}` : ""}`;
}

/** One file's part that differs from the other side: what a docs page shows. */
export interface ExampleExcerpt {
  /** Path inside the example's folder. */
  file: string;
  language: "yaml" | "json";
  text: string;
  /** The excerpt holds some of the file's documents or elements, not all. */
  partial: boolean;
}

function yamlDocumentsOf(text: string): string[] {
  return text.split(/^---[ \t]*\r?\n/m).filter((d) => d.trim() !== "");
}

/**
 * What one side of an example has that the other has not: the YAML documents and the exported
 * elements (or whole exports) that differ, file by file. The rest is the standard setup, written
 * to disk but not worth a reader's time.
 */
export function exampleExcerpts(examples: CheckExamples, side: ExampleSide): ExampleExcerpt[] {
  const mine = examples[side];
  const other = examples[side === "bad" ? "good" : "bad"];
  const out: ExampleExcerpt[] = [];
  const docs = yamlDocumentsOf(mine.manifests);
  const otherDocs = new Set(yamlDocumentsOf(other.manifests).map((d) => d.trim()));
  const differing = docs.filter((d) => !otherDocs.has(d.trim()));
  if (differing.length) out.push({ file: EXAMPLE_MANIFESTS, language: "yaml", text: differing.join("---\n"), partial: differing.length < docs.length });
  const names = [...new Set([...Object.keys(mine.azure ?? {}), ...Object.keys(other.azure ?? {})])];
  for (const name of names) {
    const value = mine.azure?.[name];
    const otherValue = other.azure?.[name];
    if (value === undefined || isDeepStrictEqual(value, otherValue)) continue;
    const file = `${EXAMPLE_AZURE}/${name}`;
    if (Array.isArray(value) && Array.isArray(otherValue)) {
      const own = value.filter((v) => !otherValue.some((o) => isDeepStrictEqual(o, v)));
      if (own.length > 0 && own.length < value.length) {
        out.push({ file, language: "json", text: exportText(own), partial: true });
        continue;
      }
    }
    out.push({ file, language: "json", text: exportText(value), partial: false });
  }
  return out;
}
