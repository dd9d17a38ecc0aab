import { open, readdir, realpath, stat } from "node:fs/promises";
import type { Stats } from "node:fs";
import { extname, join } from "node:path";
import { UserError } from "../errors.js";
import type { InputProblem } from "../model/snapshot.js";

/** What a setting reads, for messages: manifests or Azure CLI exports. */
export interface InputKind {
  /** The setting that names the paths, as each surface words it. */
  setting: string;
  /** File name extensions read from directories, lower-case, with the dot. */
  extensions: ReadonlySet<string>;
  /** What the files hold, for hints. */
  what: string;
}

/** For callers that do not say what they read. */
const ANY_INPUT: InputKind = { setting: "the path", extensions: new Set([".yaml", ".yml", ".json"]), what: "YAML or JSON text" };

/**
 * The largest input read: a JavaScript string cannot hold much more, and an endless stream
 * (`-f <(yes)`) must end in an error rather than fill memory.
 */
export const MAX_INPUT_BYTES = 500 * 2 ** 20;

const SKIPPED_DIRS = new Set(["node_modules", ".git"]);

export interface Expanded {
  files: string[];
  /** The path was a directory (which may have held no file to read). */
  directory: boolean;
  /** Entries of the directory that look like input but cannot be read: links to nothing, devices, link loops. */
  problems: InputProblem[];
}

/**
 * The files a path names: itself when it is a file (whatever its extension: the user chose it),
 * else every file with a readable extension under it, recursively, in name order. Symbolic links
 * are followed once; a directory reached twice (a link loop) is walked once.
 */
export async function expandPath(path: string, kind: InputKind): Promise<Expanded> {
  const st = await statOrThrow(path, kind);
  if (!st.isDirectory()) return { files: [path], directory: false, problems: [] };
  const files: string[] = [];
  const problems: InputProblem[] = [];
  await walk(path, kind, files, new Set(), problems);
  return { files, directory: true, problems };
}

/** What a directory entry that is neither a file nor a directory is, for the skip message. */
function special(st: Stats): string {
  if (st.isCharacterDevice()) return "a character device";
  if (st.isBlockDevice()) return "a block device";
  if (st.isFIFO()) return "a named pipe";
  if (st.isSocket()) return "a socket";
  return "not a regular file";
}

async function walk(dir: string, kind: InputKind, out: string[], seen: Set<string>, problems: InputProblem[]): Promise<void> {
  const real = await realpath(dir).catch((e: unknown) => {
    throw fileError(dir, e, kind);
  });
  if (seen.has(real)) return;
  seen.add(real);
  const entries = await readdir(dir, { withFileTypes: true }).catch((e: unknown) => {
    throw fileError(dir, e, kind);
  });
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const child = join(dir, entry.name);
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    const readable = kind.extensions.has(extname(entry.name).toLowerCase());
    let target: Stats | undefined;
    if (entry.isSymbolicLink()) {
      try {
        target = await stat(child);
      } catch (e) {
        // a link that looks like input but leads nowhere is said, not silently left
        if (readable) {
          const loop = (e as NodeJS.ErrnoException).code === "ELOOP";
          problems.push({ severity: loop ? "error" : "warning", file: child, message: loop ? "a symbolic link loop; not read" : "skipped: a symbolic link to nothing", skipped: true, hint: "fix or remove the link" });
        }
        continue;
      }
      isDir = target.isDirectory();
      isFile = target.isFile();
    }
    if (isDir) {
      if (!SKIPPED_DIRS.has(entry.name)) await walk(child, kind, out, seen, problems);
    } else if (isFile && readable) {
      out.push(child);
    } else if (readable && !isFile) {
      const st = target ?? (await stat(child).catch(() => undefined));
      problems.push({ severity: "warning", file: child, message: `skipped: ${st ? special(st) : "not a regular file"}${target ? " (through a symbolic link)" : ""}`, skipped: true });
    }
  }
}

async function statOrThrow(path: string, kind: InputKind): Promise<Stats> {
  try {
    return await stat(path);
  } catch (e) {
    throw fileError(path, e, kind);
  }
}

/**
 * Reads a file as text. Regular files are read whole; pipes (`<(helm template ...)`) and other
 * streams are read to their end. Refuses binary content (a NUL byte in UTF-8 text, or invalid
 * UTF-8) as early as it can, so a device or an image fails fast instead of filling memory.
 */
export async function readText(file: string, kind: InputKind = ANY_INPUT): Promise<string> {
  let handle;
  try {
    handle = await open(file, "r");
  } catch (e) {
    throw fileError(file, e, kind);
  }
  try {
    const st = await handle.stat();
    if (st.isDirectory()) throw new UserError(`${file}: is a directory`, { file, hint: `pass a file or a directory to ${kind.setting}` });
    if (st.isFile()) {
      if (st.size > MAX_INPUT_BYTES) throw tooLarge(file);
      const buf = await handle.readFile();
      return decodeText(file, buf, kind);
    }
    return await readStreamText(file, handle.createReadStream({ autoClose: false }), kind);
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw fileError(file, e, kind);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** Reads a stream (stdin, a pipe) to its end as text, with the same checks as readText. */
export async function readStreamText(name: string, stream: NodeJS.ReadableStream, kind: InputKind = ANY_INPUT): Promise<string> {
  const chunks: Buffer[] = [];
  let utf16 = false;
  let size = 0;
  for await (const chunk of stream) {
    const buf = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
    if (chunks.length === 0 && (utf16Bom(buf) || utf16Unmarked(buf))) utf16 = true;
    if (!utf16 && buf.includes(0)) throw binary(name, kind);
    size += buf.length;
    if (size > MAX_INPUT_BYTES) throw tooLarge(name);
    chunks.push(buf);
  }
  return decodeText(name, Buffer.concat(chunks), kind);
}

function utf16Bom(buf: Uint8Array): "utf-16le" | "utf-16be" | undefined {
  if (buf[0] === 0xff && buf[1] === 0xfe) return "utf-16le";
  if (buf[0] === 0xfe && buf[1] === 0xff) return "utf-16be";
  return undefined;
}

/**
 * UTF-16 without a byte order mark, told by its zero bytes: text of ASCII characters (which YAML
 * and JSON mostly are) has a zero in every other byte, on the odd ones in little-endian order.
 */
function utf16Unmarked(buf: Uint8Array): "utf-16le" | "utf-16be" | undefined {
  const n = Math.min(buf.length - (buf.length % 2), 4096);
  if (n < 4) return undefined;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (buf[i] === 0) evenZero++;
    if (buf[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero >= pairs * 0.9 && evenZero === 0) return "utf-16le";
  if (evenZero >= pairs * 0.9 && oddZero === 0) return "utf-16be";
  return undefined;
}

/**
 * Decodes UTF-8 (a BOM is dropped), or UTF-16 when a BOM or its zero bytes say so: Windows
 * PowerShell 5 writes `az ... > file.json` as UTF-16, and some tools without the mark.
 */
export function decodeText(name: string, buf: Uint8Array, kind: InputKind = ANY_INPUT): string {
  const encoding = utf16Bom(buf) ?? (buf.includes(0) ? utf16Unmarked(buf) : undefined) ?? "utf-8";
  if (encoding === "utf-8" && buf.includes(0)) throw binary(name, kind);
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(buf);
  } catch {
    throw new UserError(`${name}: not valid ${encoding.toUpperCase()} text`, { file: name, hint: "save the file as UTF-8" });
  }
}

function tooLarge(name: string): UserError {
  return new UserError(`${name}: larger than ${MAX_INPUT_BYTES / 2 ** 20} MiB`, { file: name, hint: "split the input into several files" });
}

function binary(name: string, kind: InputKind): UserError {
  return new UserError(`${name}: binary file, not ${kind.what}`, { file: name, hint: `${kind.setting} reads ${kind.what}` });
}

export function fileError(path: string, e: unknown, kind: InputKind): UserError {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case "ENOENT":
      return new UserError(`${path}: no such file or directory`, { file: path, hint: `check the path given to ${kind.setting}` });
    case "ENOTDIR":
      return new UserError(`${path}: a part of the path is not a directory`, { file: path, hint: `check the path given to ${kind.setting}` });
    case "EACCES":
    case "EPERM":
      return new UserError(`${path}: permission denied`, { file: path, hint: "check the file's permissions" });
    case "EISDIR":
      return new UserError(`${path}: is a directory`, { file: path, hint: `pass a file or a directory to ${kind.setting}` });
    case "ELOOP":
      return new UserError(`${path}: too many levels of symbolic links`, { file: path, hint: "fix the link loop" });
    default:
      return new UserError(`${path}: cannot read (${code ?? (e instanceof Error ? e.message : String(e))})`, { file: path, hint: `check the path given to ${kind.setting}` });
  }
}
