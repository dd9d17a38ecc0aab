import { basename } from "node:path";
import { setting } from "../../setting-names.js";
import { UserError } from "../../errors.js";
import { emptyAzureState, type AzureOrigin, type AzureState } from "../../model/azure.js";
import type { DataKey, InputProblem } from "../../model/snapshot.js";
import type { DataGap } from "../../model/finding.js";
import { asRecord, isRecord } from "../../util/raw.js";
import { expandPath, readText, type InputKind } from "../files.js";
import { unreadable } from "../manifests/load.js";
import { PositionTracker } from "../positions.js";
import type { OnLoadProgress } from "../progress.js";
import { scanJson } from "./json-scan.js";
import { IGNORED_TYPES, isUnusable, recognise, SHAPES, type Shape } from "./shapes.js";

export const AZURE_INPUT: InputKind = {
  setting: setting("azureExports"),
  extensions: new Set([".json"]),
  what: "JSON printed by the Azure CLI",
};

export interface AzureExport {
  state: AzureState;
  /** Which kinds of Azure data the exports held (an empty export still counts, when named). */
  loaded: Set<DataKey>;
  /** Why a kind of data is missing although an export of it was given. */
  gaps: Map<DataKey, DataGap>;
  problems: InputProblem[];
  /** Resource ids read so far (lower-case), so that an object exported twice counts once. */
  seen: Set<string>;
}

type Kind = Shape<unknown>["kind"];

const DATA_KEY: Record<Kind, DataKey | undefined> = {
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
  [/assign/i, "azure.roleAssignments"],
  [/identit/i, "azure.identities"],
  [/aks|cluster/i, "azure.clusters"],
  [/vault|(^|[^a-z])kv([^a-z]|$)/i, "azure.keyVaults"],
];

/** Per-element problems reported per file before they are summed up, so one bad export does not flood the output. */
const MAX_ELEMENT_PROBLEMS = 5;

export function newAzureExport(): AzureExport {
  return { state: emptyAzureState(), loaded: new Set(), gaps: new Map(), problems: [], seen: new Set() };
}

const ACCEPTED = SHAPES.map((s) => s.command).join("; ");

export interface LoadAzureOptions {
  onProgress?: OnLoadProgress;
}

/**
 * Reads Azure CLI JSON exports: files, or directories of .json files (recursively). Every path
 * is listed before the first file is read, so that progress knows how many files there are.
 */
export async function loadAzureExports(paths: readonly string[], opts: LoadAzureOptions = {}): Promise<AzureExport> {
  const out = newAzureExport();
  const steps: ({ read: string } | { problem: InputProblem })[] = [];
  const listed = new Set<string>();
  for (const path of paths) {
    const { files, directory, problems } = await expandPath(path, AZURE_INPUT);
    for (const problem of problems) steps.push({ problem });
    if (directory && files.length === 0) steps.push({ problem: { severity: "warning", file: path, message: "no .json file in this directory" } });
    for (const file of files) {
      if (!listed.has(file)) steps.push({ read: file });
      listed.add(file);
    }
  }
  const files = steps.filter((s) => "read" in s).length;
  let filesDone = 0;
  const progress = (file: string) => opts.onProgress?.({ phase: "azure", file, files, filesDone, objects: objectCount(out.state) });
  for (const step of steps) {
    if ("problem" in step) {
      out.problems.push(step.problem);
      continue;
    }
    progress(step.read);
    // a file that is not an export (binary, invalid JSON, another shape) is a problem; the others are read
    try {
      parseAzureExportText(step.read, await readText(step.read, AZURE_INPUT), out);
    } catch (e) {
      unreadable(e, out.problems);
    }
    filesDone++;
    progress(step.read);
  }
  return out;
}

function objectCount(s: AzureState): number {
  return s.identities.length + s.federatedCredentials.length + s.roleAssignments.length + s.roleDefinitions.length + s.clusters.length + s.keyVaults.length;
}

/**
 * Parses one export into `out`: an array or a single object, as `az ... -o json` prints it, or
 * an ARM list page (`{"value": [...]}`). Elements keep the line and column where they start.
 * Throws a UserError for text that is not JSON or holds nothing of a known shape.
 */
export function parseAzureExportText(file: string, text: string, out: AzureExport): void {
  const value = parseJson(file, text);
  const scan = scanJson(text);
  const page = isRecord(value) && Array.isArray(value["value"]) && !("id" in value);
  const items: unknown[] = Array.isArray(value) ? value : page ? (value["value"] as unknown[]) : [value];
  const offsets = Array.isArray(value) ? scan.items : page ? scan.page : [scan.root];
  if (page && typeof value["nextLink"] === "string" && value["nextLink"] !== "") {
    // Objects on the other pages would otherwise be reported as missing from Azure.
    out.problems.push({
      severity: "warning",
      file,
      ...new PositionTracker(text).at(Math.max(scan.root, 0)),
      message: "one page of a longer list (nextLink is set): the objects on the other pages are missing",
      hint: "export with `az ... list`, which reads every page, or join the `value` arrays of every page in one file",
    });
  }
  if (items.length === 0) {
    const key = EMPTY_BY_NAME.find(([re]) => re.test(basename(file)))?.[1];
    if (key) out.loaded.add(key);
    else out.problems.push({ severity: "info", file, message: "empty export: its file name does not say what it lists, so it adds no data" });
    return;
  }
  const positions = new PositionTracker(text);
  const problemsBefore = out.problems.length;
  let recognised = 0;
  let reported = 0;
  let unreported = 0;
  const report = (p: InputProblem): void => {
    if (reported < MAX_ELEMENT_PROBLEMS) {
      out.problems.push(p);
      reported++;
    } else {
      unreported++;
    }
  };
  items.forEach((item, i) => {
    const offset = offsets[i];
    const at = offset === undefined ? {} : positions.at(offset);
    const origin: AzureOrigin = { file, ...at };
    const what = items.length > 1 ? `element ${i}` : "the exported object";
    if (!isRecord(item)) {
      report({ severity: "warning", file, ...at, message: `${what} is not an object; skipped`, skipped: true });
      return;
    }
    const type = typeof item["type"] === "string" ? item["type"].toLowerCase() : "";
    if (IGNORED_TYPES.has(type)) {
      recognised++;
      return;
    }
    const shape = recognise(item);
    if (!shape) {
      report({ severity: "warning", file, ...at, message: `${what} matches no Azure CLI export shape${type ? ` (type ${String(item["type"])})` : ""}; skipped`, skipped: true });
      return;
    }
    recognised++;
    const parsed = shape.read(item, origin);
    if (isUnusable(parsed)) {
      report({ severity: parsed.severity, file, ...fieldAt(text, offset, parsed.field) ?? at, message: `${what}: ${parsed.unusable}`, skipped: true });
      if (shape.kind === "keyVault") {
        out.gaps.set("azure.keyVaults", { code: "key-vaults-without-properties" });
      }
      return;
    }
    if (shape.kind === "federatedCredential" && flexible(item)) {
      report({ severity: "warning", file, ...at, message: `${what}: a flexible federated credential (claimsMatchingExpression), which wid does not evaluate; findings about its identity may not hold` });
    }
    add(out, shape.kind, parsed);
  });
  if (unreported > 0) out.problems.push({ severity: "warning", file, message: `${unreported} more elements skipped for the same kinds of reasons`, skipped: true });
  if (recognised === 0) {
    // the file as a whole is not an export: one problem says so, not one per element
    out.problems.length = problemsBefore;
    throw noShape(file, items[0]);
  }
}

/** Where a field of the element at `offset` is written, to point at a value of the wrong type. */
function fieldAt(text: string, offset: number | undefined, field: string | undefined): { line: number; column: number } | undefined {
  if (offset === undefined || field === undefined) return undefined;
  const at = text.indexOf(`"${field}"`, offset);
  return at < 0 ? undefined : new PositionTracker(text).at(at);
}

function flexible(item: Record<string, unknown>): boolean {
  return isRecord(item["claimsMatchingExpression"]) || isRecord(asRecord(item["properties"])["claimsMatchingExpression"]);
}

function parseJson(file: string, text: string): unknown {
  if (text.trim() === "") {
    throw new UserError(`${file}: empty file, not JSON`, { file, hint: `${setting("azureExports")} reads the JSON output of: ${ACCEPTED}` });
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    const other = notJsonOutput(file, text);
    if (other) throw other;
    const raw = e instanceof Error ? e.message : String(e);
    const { line, column } = jsonErrorPosition(text, raw);
    throw new UserError(`${file}:${line}:${column}: invalid JSON: ${jsonReason(raw)}`, {
      file,
      line,
      column,
      hint: `${setting("azureExports")} reads the JSON printed by the Azure CLI (az ... -o json)`,
    });
  }
}

/**
 * Azure CLI output that is not JSON, named for what it is: warnings saved with the JSON
 * (`az ... > file 2>&1`), coloured `-o jsonc`, or `-o tsv`. Escape codes are never echoed.
 */
function notJsonOutput(file: string, text: string): UserError | undefined {
  const lines = text.split(/\r?\n/);
  const index = lines.findIndex((l) => l.trim() !== "");
  const first = (lines[index] ?? "").trim();
  const at = { file, line: index + 1, column: 1 };
  if (/^(WARNING|ERROR|INFO|DEBUG): /.test(first)) {
    return new UserError(`${file}:${at.line}:1: an Azure CLI message, not JSON: ${JSON.stringify(first.length > 80 ? `${first.slice(0, 80)}…` : first)}`, {
      ...at,
      hint: "the Azure CLI prints its messages on standard error: save standard output alone (`az ... -o json > FILE`)",
    });
  }
  if (text.includes("\u001b[")) {
    return new UserError(`${file}:${at.line}:1: coloured output (az -o jsonc), not JSON`, { ...at, hint: "export with `-o json`" });
  }
  if (!/^[[{]/.test(first) && first.includes("\t")) {
    return new UserError(`${file}:${at.line}:1: tab-separated values (az -o tsv), not JSON`, { ...at, hint: "export with `-o json`" });
  }
  return undefined;
}

/** Where JSON.parse failed: from its message when it says (V8 gives an offset for most errors), else by scanning. */
function jsonErrorPosition(text: string, message: string): { line: number; column: number } {
  const at = / at position (\d+)/.exec(message);
  const offset = at ? Number(at[1]) : (scanJson(text).errorAt ?? text.length);
  return new PositionTracker(text).at(offset);
}

/** JSON.parse's message without the position (given as line:column) or the quoted input. */
function jsonReason(message: string): string {
  return message
    .replace(/, ".*" is not valid JSON$/s, "")
    .replace(/ in JSON at position \d+.*$/s, "")
    .split("\n")[0]!;
}

function noShape(file: string, first: unknown): UserError {
  const k8s = isRecord(first) && typeof first["apiVersion"] === "string" && typeof first["kind"] === "string";
  return new UserError(`${file}: JSON matches no Azure CLI export shape`, {
    file,
    hint: k8s ? `this is a Kubernetes manifest: check it as one (${setting("manifests")})` : `${setting("azureExports")} accepts the JSON output of: ${ACCEPTED}`,
  });
}

function add(out: AzureExport, kind: Kind, parsed: { id: string }): void {
  const key = DATA_KEY[kind];
  if (key) out.loaded.add(key);
  const seenKey = `${kind}\u0000${parsed.id.toLowerCase()}`;
  if (out.seen.has(seenKey)) return;
  out.seen.add(seenKey);
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
}
