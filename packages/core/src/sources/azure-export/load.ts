import { readdir, stat } from "node:fs/promises";
import { basename, extname, join } from "node:path";
import { UserError } from "../../errors.js";
import { emptyAzureState, type AzureState } from "../../model/azure.js";
import type { DataKey, InputProblem } from "../../model/snapshot.js";
import { isRecord } from "../../util/raw.js";
import { fileError, readText } from "../manifests/load.js";
import { recognise, SHAPES, type Shape } from "./shapes.js";

export interface AzureExport {
  state: AzureState;
  /** Which kinds of Azure data the exports held (an empty export still counts, when named). */
  loaded: Set<DataKey>;
  problems: InputProblem[];
}

const DATA_KEY: Record<Shape<unknown>["kind"], DataKey | undefined> = {
  identity: "azure.identities",
  federatedCredential: "azure.federatedCredentials",
  roleAssignment: "azure.roleAssignments",
  roleDefinition: undefined,
  cluster: "azure.clusters",
  keyVault: "azure.keyVaults",
};

/** An empty array cannot be recognised by shape; its file name can tell what it was. */
const EMPTY_BY_NAME: [RegExp, DataKey][] = [
  [/federated|fic/i, "azure.federatedCredentials"],
  [/role.?assign/i, "azure.roleAssignments"],
  [/identit/i, "azure.identities"],
  [/aks|cluster/i, "azure.clusters"],
  [/vault|(^|[^a-z])kv([^a-z]|$)/i, "azure.keyVaults"],
];

export function newAzureExport(): AzureExport {
  return { state: emptyAzureState(), loaded: new Set(), problems: [] };
}

const ACCEPTED = SHAPES.map((s) => s.command).join("; ");

/** Reads Azure CLI JSON exports: files, or directories of .json files (recursively). */
export async function loadAzureExports(paths: readonly string[]): Promise<AzureExport> {
  const out = newAzureExport();
  for (const path of paths) {
    for (const file of await expand(path)) parseAzureExportText(file, await readText(file), out);
  }
  return out;
}

async function expand(path: string): Promise<string[]> {
  let st;
  try {
    st = await stat(path);
  } catch (e) {
    throw fileError(path, e, "--azure");
  }
  if (st.isFile()) return [path];
  if (!st.isDirectory()) return [];
  const out: string[] = [];
  const entries = await readdir(path, { withFileTypes: true });
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const child = join(path, e.name);
    if (e.isDirectory()) out.push(...(await expand(child)));
    else if (extname(e.name).toLowerCase() === ".json") out.push(child);
  }
  return out;
}

/** Parses one export into `out`. Throws a UserError for JSON that is invalid or matches no shape. */
export function parseAzureExportText(file: string, text: string, out: AzureExport): void {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const { line, column } = jsonErrorPosition(text, (e as Error).message);
    throw new UserError(`${file}:${line}:${column}: invalid JSON: ${(e as Error).message.replace(/ in JSON at position.*$/, "")}`, {
      file,
      line,
      column,
      hint: "--azure reads the JSON printed by the Azure CLI (`az ... -o json`)",
    });
  }
  const items = Array.isArray(value) ? value : [value];
  if (items.length === 0) {
    const key = EMPTY_BY_NAME.find(([re]) => re.test(basename(file)))?.[1];
    if (key) out.loaded.add(key);
    else out.problems.push({ severity: "info", file, message: "empty export: its file name does not say what it lists, so it adds no data" });
    return;
  }
  let recognised = 0;
  items.forEach((item, i) => {
    const shape = isRecord(item) ? recognise(item) : undefined;
    const origin = { file };
    const parsed = shape && isRecord(item) ? shape.read(item, origin) : undefined;
    if (!shape || !parsed) {
      out.problems.push({ severity: "warning", file, message: `element ${i} matches no Azure CLI export shape; skipped` });
      return;
    }
    recognised++;
    add(out, shape.kind, parsed);
  });
  if (recognised === 0) {
    throw new UserError(`${file}: JSON matches no Azure CLI export shape`, {
      file,
      hint: `--azure accepts the JSON output of: ${ACCEPTED}`,
    });
  }
}

function add(out: AzureExport, kind: Shape<unknown>["kind"], parsed: unknown): void {
  const s = out.state;
  switch (kind) {
    case "identity":
      s.identities.push(parsed as AzureState["identities"][number]);
      break;
    case "federatedCredential":
      s.federatedCredentials.push(parsed as AzureState["federatedCredentials"][number]);
      break;
    case "roleAssignment":
      s.roleAssignments.push(parsed as AzureState["roleAssignments"][number]);
      break;
    case "roleDefinition":
      s.roleDefinitions.push(parsed as AzureState["roleDefinitions"][number]);
      break;
    case "cluster":
      s.clusters.push(parsed as AzureState["clusters"][number]);
      break;
    case "keyVault":
      s.keyVaults.push(parsed as AzureState["keyVaults"][number]);
      break;
  }
  const key = DATA_KEY[kind];
  if (key) out.loaded.add(key);
}

/** Line and column of a JSON.parse error, from the position its message gives. */
function jsonErrorPosition(text: string, message: string): { line: number; column: number } {
  const lc = /line (\d+) column (\d+)/.exec(message);
  if (lc) return { line: Number(lc[1]), column: Number(lc[2]) };
  const pos = /position (\d+)/.exec(message);
  const offset = pos ? Number(pos[1]) : text.length;
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return { line, column: offset - before.lastIndexOf("\n") };
}
