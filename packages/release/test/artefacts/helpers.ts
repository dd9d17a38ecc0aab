import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { x as untar } from "tar";
import { readZipEntry } from "../../src/index.js";

/** Unpacks a .tar.gz into a new empty folder, as a user (or krew) does. */
export async function unpack(archive: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "wid-unpacked-"));
  await untar({ file: archive, cwd: dir });
  return dir;
}

/** The bytes of one file of a .tar.gz, a .zip or a .vsix. */
export async function fileInArchive(archive: string, name: string): Promise<Buffer> {
  // a .vsix is a zip too
  if (archive.endsWith(".zip") || archive.endsWith(".vsix")) return readZipEntry(archive, name);
  const dir = await unpack(archive);
  try {
    return readFileSync(join(dir, name));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
