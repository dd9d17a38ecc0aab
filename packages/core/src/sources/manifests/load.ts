import { readdir, readFile, stat } from "node:fs/promises";
import { extname, join } from "node:path";
import { UserError } from "../../errors.js";
import { newSink, parseManifestText, type ManifestSink, type ParseOptions } from "./parse.js";

const MANIFEST_EXTENSIONS = new Set([".yaml", ".yml", ".json"]);
const SKIPPED_DIRS = new Set(["node_modules", ".git"]);

export interface LoadManifestOptions extends ParseOptions {
  /** Read for the path `-`. */
  stdin?: NodeJS.ReadableStream;
}

/**
 * Reads manifests from files, directories (recursively, .yaml/.yml/.json, in name order) and
 * `-` for stdin. Invalid YAML is recorded as a problem and the other files are still read;
 * a missing, unreadable or binary path is a UserError.
 */
export async function loadManifests(paths: readonly string[], opts: LoadManifestOptions = {}): Promise<ManifestSink> {
  const sink = newSink();
  for (const path of paths) {
    if (path === "-") {
      if (!opts.stdin) throw new UserError("`-` reads manifests from standard input, but none is available");
      parseManifestText("<stdin>", await readStream(opts.stdin), sink, opts);
      continue;
    }
    for (const file of await expand(path, true)) {
      parseManifestText(file, await readText(file), sink, opts);
    }
  }
  return sink;
}

async function expand(path: string, explicit: boolean): Promise<string[]> {
  let st;
  try {
    st = await stat(path);
  } catch (e) {
    throw fileError(path, e, "manifest");
  }
  if (st.isFile()) return explicit || MANIFEST_EXTENSIONS.has(extname(path).toLowerCase()) ? [path] : [];
  if (!st.isDirectory()) return [];
  const entries = await readdir(path, { withFileTypes: true }).catch((e: unknown) => {
    throw fileError(path, e, "manifest");
  });
  const out: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (entry.isDirectory() && SKIPPED_DIRS.has(entry.name)) continue;
    const child = join(path, entry.name);
    if (entry.isDirectory()) out.push(...(await expand(child, false)));
    else if (MANIFEST_EXTENSIONS.has(extname(entry.name).toLowerCase())) out.push(child);
  }
  return out;
}

/** Reads a text file, refusing binary content: a NUL byte or invalid UTF-8. */
export async function readText(file: string): Promise<string> {
  let buf: Buffer;
  try {
    buf = await readFile(file);
  } catch (e) {
    throw fileError(file, e, "input");
  }
  if (buf.includes(0)) {
    throw new UserError(`${file}: binary file, not YAML or JSON`, { file, hint: "pass manifest files (.yaml, .yml, .json) or a directory of them" });
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(buf);
  } catch {
    throw new UserError(`${file}: not valid UTF-8 text`, { file, hint: "save the file as UTF-8" });
  }
}

async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}

export function fileError(path: string, e: unknown, what: string): UserError {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === "ENOENT") return new UserError(`${path}: no such file or directory`, { file: path, hint: `check the ${what} path` });
  if (code === "EACCES" || code === "EPERM") return new UserError(`${path}: permission denied`, { file: path, hint: "check the file's permissions" });
  if (code === "EISDIR") return new UserError(`${path}: is a directory`, { file: path });
  return new UserError(`${path}: cannot read (${code ?? (e as Error)?.message ?? "unknown error"})`, { file: path });
}
