import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { writeFile } from "node:fs/promises";
import { basename } from "node:path";

export async function sha256File(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** Writes SHA256SUMS in the format `sha256sum -c` reads: the hash, two spaces, the file name. */
export async function writeSha256Sums(out: string, files: readonly { path: string; sha256: string }[]): Promise<void> {
  const lines = [...files].sort((a, b) => basename(a.path).localeCompare(basename(b.path))).map((f) => `${f.sha256}  ${basename(f.path)}`);
  await writeFile(out, lines.join("\n") + "\n");
}
