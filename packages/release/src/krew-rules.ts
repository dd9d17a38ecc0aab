import { posix } from "node:path";
import { parse } from "yaml";
import { KREW_API_VERSION } from "./krew-manifest.js";

/**
 * krew's rules for a plugin manifest, as its index validation and `validate-krew-manifest`
 * apply them: structure (apiVersion, kind, name = file name, semver version with a leading v,
 * one-line short description, platforms with uri, 64-hex sha256, bin, files and an os/arch-only
 * selector), every platform selecting a platform krew supports and none two selecting the same
 * one, and, given the archives, each download's sha256 and a `bin` that the `files` operations
 * put into the install directory. krew's line-length advice (70 columns for shortDescription, 80
 * for description and caveats) comes as warnings, as krew gives it.
 */
export interface Problem {
  path: string;
  message: string;
  severity: "error" | "warning";
}

/** What a platform's download holds, for the checks that need the archive itself. */
export interface DownloadedArchive {
  sha256: string;
  /** Paths of the files in the archive, relative, with `/` separators. */
  files: readonly string[];
}

/** The os/arch pairs krew installs on: its validator's list and the arm64 platforms krew ships for. */
export const KREW_PLATFORMS: readonly (readonly [string, string])[] = [
  ["darwin", "amd64"],
  ["darwin", "arm64"],
  ["linux", "386"],
  ["linux", "amd64"],
  ["linux", "arm"],
  ["linux", "arm64"],
  ["linux", "ppc64le"],
  ["windows", "386"],
  ["windows", "amd64"],
  ["windows", "arm64"],
];

const SAFE_NAME = /^[\w-]+$/;
const WINDOWS_RESERVED = ["CON", "PRN", "AUX", "NUL", ...Array.from({ length: 9 }, (_, i) => `COM${i + 1}`), ...Array.from({ length: 9 }, (_, i) => `LPT${i + 1}`)];
const SHA256 = /^[a-f0-9]{64}$/;
// Semantic versioning 2.0.0 as Kubernetes' ParseSemantic reads it, after krew's required "v".
const SEMVER = /^v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+[0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*)?$/;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === "string" ? v : "");

/**
 * Validates a manifest file's text. `archives` maps a platform's uri to what was downloaded from
 * it; a platform whose uri it lacks is checked for structure only.
 */
export function validateKrewManifest(fileName: string, text: string, archives?: ReadonlyMap<string, DownloadedArchive>): Problem[] {
  const problems: Problem[] = [];
  const error = (path: string, message: string) => void problems.push({ path, message, severity: "error" });
  const warn = (path: string, message: string) => void problems.push({ path, message, severity: "warning" });

  const base = posix.basename(fileName.replaceAll("\\", "/"));
  if (!base.endsWith(".yaml")) error("(file)", `the manifest's file name must end in .yaml, not "${base}"`);
  const name = base.replace(/\.yaml$/, "");

  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    error("(file)", `not YAML: ${(e as Error).message.split("\n")[0]}`);
    return problems;
  }
  if (!isObject(doc)) {
    error("(file)", "the manifest is not a mapping");
    return problems;
  }
  if (doc["apiVersion"] !== KREW_API_VERSION) error("apiVersion", `must be ${KREW_API_VERSION}, not ${JSON.stringify(doc["apiVersion"])}`);
  if (doc["kind"] !== "Plugin") error("kind", `must be Plugin, not ${JSON.stringify(doc["kind"])}`);
  if (!SAFE_NAME.test(name) || WINDOWS_RESERVED.some((r) => r.toLowerCase() === name.toLowerCase())) error("(file)", `the plugin name "${name}" is not allowed: it must match ${SAFE_NAME} and not be a reserved Windows file name`);
  const metadata = isObject(doc["metadata"]) ? doc["metadata"] : {};
  if (metadata["name"] !== name) error("metadata.name", `must be "${name}", the file's name, not ${JSON.stringify(metadata["name"])}`);

  const spec = isObject(doc["spec"]) ? doc["spec"] : {};
  const short = str(spec["shortDescription"]);
  if (short === "") error("spec.shortDescription", "is required");
  else if (/[\r\n]/.test(short)) error("spec.shortDescription", "must be one line");
  const version = str(spec["version"]);
  if (version === "") error("spec.version", "is required");
  else if (!version.startsWith("v")) error("spec.version", `"${version}" must start with "v"`);
  else if (!SEMVER.test(version)) error("spec.version", `"${version}" is not a semantic version`);
  if (!longLinesOk(short, 70)) warn("spec.shortDescription", "a line is longer than 70 characters");
  if (!longLinesOk(str(spec["description"]), 80)) warn("spec.description", "a line is longer than 80 characters");
  if (!longLinesOk(str(spec["caveats"]), 80)) warn("spec.caveats", "a line is longer than 80 characters");

  const platforms = Array.isArray(spec["platforms"]) ? spec["platforms"] : [];
  if (platforms.length === 0) error("spec.platforms", "must list at least one platform");
  platforms.forEach((p, i) => validatePlatform(`spec.platforms[${i}]`, p, error, archives));

  // validate-krew-manifest: every platform is used, and no os/arch is selected twice.
  platforms.forEach((p, i) => {
    const sel = isObject(p) ? p["selector"] : undefined;
    if (isObject(sel) && !KREW_PLATFORMS.some(([os, arch]) => selectorMatches(sel, os, arch))) error(`spec.platforms[${i}].selector`, "selects no platform krew supports");
  });
  for (const [os, arch] of KREW_PLATFORMS) {
    const matching = platforms.flatMap((p, i) => (isObject(p) && isObject(p["selector"]) && selectorMatches(p["selector"], os, arch) ? [i] : []));
    if (matching.length > 1) error("spec.platforms", `platforms ${matching.join(", ")} all select os=${os} arch=${arch}`);
  }
  return problems;
}

function validatePlatform(path: string, p: unknown, error: (path: string, message: string) => void, archives?: ReadonlyMap<string, DownloadedArchive>): void {
  if (!isObject(p)) return error(path, "must be a mapping");
  const uri = str(p["uri"]);
  if (uri === "") error(`${path}.uri`, "is required");
  const sha = str(p["sha256"]);
  if (sha === "") error(`${path}.sha256`, "is required");
  else if (!SHA256.test(sha)) error(`${path}.sha256`, `"${sha}" is not 64 lowercase hex digits`);
  const bin = str(p["bin"]);
  if (bin === "") error(`${path}.bin`, "is required");
  const files = p["files"];
  if (files !== undefined && files !== null) {
    if (!Array.isArray(files) || files.length === 0) error(`${path}.files`, "must be left out or list at least one operation");
    else
      files.forEach((f, j) => {
        if (!isObject(f) || str(f["from"]) === "") error(`${path}.files[${j}].from`, "is required");
        else if (str(f["to"]) === "") error(`${path}.files[${j}].to`, "is required");
        else if (posix.normalize(str(f["to"])).replace(/\/$/, "") !== str(f["to"])) error(`${path}.files[${j}].to`, `"${str(f["to"])}" is not a clean path`);
      });
  }
  validateSelector(`${path}.selector`, p["selector"], error);

  const archive = archives?.get(uri);
  if (!archive) return;
  if (SHA256.test(sha) && archive.sha256 !== sha) error(`${path}.sha256`, `does not match the archive at ${uri} (${archive.sha256})`);
  if (bin !== "") {
    const installed = install(archive.files, Array.isArray(files) ? (files as Json[]).map((f) => ({ from: str(f["from"]), to: str(f["to"]) })) : undefined);
    if ("error" in installed) error(`${path}.files`, installed.error);
    else if (!installed.files.includes(posix.normalize(bin))) error(`${path}.bin`, `"${bin}" is not in the install directory after the files operations (it holds ${installed.files.join(", ") || "nothing"})`);
  }
}

function validateSelector(path: string, sel: unknown, error: (path: string, message: string) => void): void {
  if (!isObject(sel)) return error(path, "is required");
  const labels = sel["matchLabels"];
  const expressions = sel["matchExpressions"];
  if ((labels === undefined || labels === null) && (!Array.isArray(expressions) || expressions.length === 0)) return error(path, "must not be empty");
  const keys = [...(isObject(labels) ? Object.keys(labels) : []), ...(Array.isArray(expressions) ? expressions.map((e) => str(isObject(e) ? e["key"] : undefined)) : [])];
  for (const k of keys) if (k !== "os" && k !== "arch") error(path, `key "${k}" is not supported: only os and arch`);
  if (isObject(labels) && Object.keys(labels).length === 0) error(`${path}.matchLabels`, "is given but empty");
  if (Array.isArray(expressions) && expressions.length === 0) error(`${path}.matchExpressions`, "is given but empty");
}

/** Whether a Kubernetes label selector selects the labels {os, arch}. */
export function selectorMatches(sel: Json, os: string, arch: string): boolean {
  const labels: Record<string, string> = { os, arch };
  const ml = isObject(sel["matchLabels"]) ? sel["matchLabels"] : {};
  for (const [k, v] of Object.entries(ml)) if (labels[k] !== v) return false;
  const me = Array.isArray(sel["matchExpressions"]) ? sel["matchExpressions"] : [];
  for (const e of me) {
    if (!isObject(e)) return false;
    const value = labels[str(e["key"])];
    const values = Array.isArray(e["values"]) ? e["values"].map(String) : [];
    switch (e["operator"]) {
      case "In":
        if (value === undefined || !values.includes(value)) return false;
        break;
      case "NotIn":
        if (value !== undefined && values.includes(value)) return false;
        break;
      case "Exists":
        if (value === undefined) return false;
        break;
      case "DoesNotExist":
        if (value !== undefined) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/**
 * The files krew's installer leaves in the plugin's install directory: each operation moves
 * `from` (a path, else a glob over the archive) to `to` (a file name, or a folder for a glob,
 * "." keeping the name); with no operations everything is moved as it is.
 */
export function install(archiveFiles: readonly string[], ops: readonly { from: string; to: string }[] | undefined): { files: string[] } | { error: string } {
  const remaining = new Set(archiveFiles.map((f) => posix.normalize(f.replace(/^\.\//, ""))));
  if (ops === undefined) return { files: [...remaining].sort() };
  const installed = new Set<string>();
  for (const op of ops) {
    const from = posix.normalize(op.from.replace(/^\.\//, ""));
    if (from.startsWith("../") || op.to.startsWith("../") || posix.isAbsolute(op.to)) return { error: `${op.from} -> ${op.to} leaves the archive or the install directory` };
    if (remaining.has(from)) {
      installed.add(posix.normalize(op.to === "." ? posix.basename(from) : op.to));
      remaining.delete(from);
      continue;
    }
    const matches = [...remaining].filter((f) => posix.matchesGlob(f, from));
    if (matches.length === 0) return { error: `no file in the archive matches "${op.from}"` };
    for (const m of matches) {
      installed.add(posix.normalize(posix.join(op.to, posix.basename(m))));
      remaining.delete(m);
    }
  }
  return { files: [...installed].sort() };
}

function longLinesOk(s: string, max: number): boolean {
  return s.split("\n").every((line) => line.length <= max || !line.trim().includes(" "));
}
