import { randomBytes } from "node:crypto";
import { setting } from "../../setting-names.js";
import { open, readFile, realpath, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { UserError } from "../../errors.js";
import { decodeText, MAX_INPUT_BYTES } from "../../sources/files.js";

/** A manifest file as read for fixing: its text, and what writing it back must keep. */
export interface ReadFile {
  file: string;
  text: string;
  /** The bytes read, to tell whether the file changed before it is written. */
  bytes: Buffer;
  encoding: "utf-8" | "utf-16le" | "utf-16be";
  bom: boolean;
}

function encodingOf(buf: Buffer): { encoding: ReadFile["encoding"]; bom: boolean } {
  if (buf[0] === 0xff && buf[1] === 0xfe) return { encoding: "utf-16le", bom: true };
  if (buf[0] === 0xfe && buf[1] === 0xff) return { encoding: "utf-16be", bom: true };
  return { encoding: "utf-8", bom: buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf };
}

/** Reads a manifest file to fix it; the same checks as the doctor's reading (binary, size). */
export async function readFileToFix(file: string): Promise<ReadFile> {
  let bytes: Buffer;
  try {
    const st = await stat(file);
    if (!st.isFile()) throw new UserError(`${file}: not a regular file; wid fixes files in place`, { file, hint: `pipe a stream through ${setting("manifestsStdin")} to get the fixed text on standard output` });
    if (st.size > MAX_INPUT_BYTES) throw new UserError(`${file}: larger than ${MAX_INPUT_BYTES / 2 ** 20} MiB`, { file, hint: "split the input into several files" });
    bytes = await readFile(file);
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`, { file, hint: "check the path and the file's permissions" });
  }
  return { file, text: decodeText(file, bytes), bytes, ...encodingOf(bytes) };
}

/** The text in the file's own encoding, with its byte order mark when it had one. */
export function encodeLike(read: Pick<ReadFile, "encoding" | "bom">, text: string): Buffer {
  if (read.encoding === "utf-8") return Buffer.concat([read.bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(text, "utf8")]);
  const le = Buffer.from(text, "utf16le");
  if (read.encoding === "utf-16le") return Buffer.concat([Buffer.from([0xff, 0xfe]), le]);
  // UTF-16BE: swap each code unit's bytes
  const be = Buffer.from(le);
  be.swap16();
  return Buffer.concat([Buffer.from([0xfe, 0xff]), be]);
}

/**
 * Writes the fixed text over the file it was read from, atomically: a temporary file beside it,
 * with the original's mode, flushed and renamed over it (through a symbolic link, to its
 * target). A file changed since it was read is refused, never overwritten.
 */
export async function writeFixedFile(read: ReadFile, text: string): Promise<void> {
  const target = await realpath(read.file).catch(() => read.file);
  const now = await readFile(target).catch(() => undefined);
  if (!now || !now.equals(read.bytes)) {
    throw new UserError(`${read.file}: changed since wid read it; not written`, { file: read.file, hint: "run the fix again to plan it on the file as it is now" });
  }
  const { mode } = await stat(target);
  const temp = join(dirname(target), `.${basename(target)}.wid-${randomBytes(4).toString("hex")}.tmp`);
  try {
    const handle = await open(temp, "wx", mode & 0o7777);
    try {
      await handle.writeFile(encodeLike(read, text));
      await handle.chmod(mode & 0o7777);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  } catch (e) {
    await rm(temp, { force: true }).catch(() => undefined);
    if (e instanceof UserError) throw e;
    throw new UserError(`${read.file}: cannot write (${(e as NodeJS.ErrnoException).code ?? String(e)}); the file is unchanged`, { file: read.file, hint: "check the permissions of the file and of its folder" });
  }
}
