import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { isUserError, readFileToFix, writeFixedFile } from "@wid/core";

let dir: string | undefined;
const fresh = (name: string, content: string | Buffer) => {
  dir = mkdtempSync(join(tmpdir(), "wid-write-"));
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
};
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe("writing a fixed manifest file", () => {
  it("refuses a file changed since it was read and leaves it as it is now", async () => {
    const file = fresh("a.yaml", "kind: ServiceAccount\n");
    const read = await readFileToFix(file);
    writeFileSync(file, "kind: ServiceAccount # edited meanwhile\n");
    const error = await writeFixedFile(read, "kind: ServiceAccount\nmetadata: {}\n").catch((e: unknown) => e);
    expect(isUserError(error) && error.message).toMatch(/changed since wid read it; not written/);
    expect(readFileSync(file, "utf8")).toBe("kind: ServiceAccount # edited meanwhile\n");
    expect(readdirSync(dir!)).toEqual(["a.yaml"]);
  });

  it("writes UTF-16 files back in UTF-16 with their byte order mark, and keeps the mode", async () => {
    const text = "kind: ServiceAccount\nmetadata:\n  name: \u00e9t\u00e9\n";
    const file = fresh("u16.yaml", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]));
    chmodSync(file, 0o600);
    const read = await readFileToFix(file);
    expect(read.text).toBe(text);
    await writeFixedFile(read, text.replace("\u00e9t\u00e9", "summer"));
    const bytes = readFileSync(file);
    expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    expect(bytes.subarray(2).toString("utf16le")).toBe(text.replace("\u00e9t\u00e9", "summer"));
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  // root writes anywhere: the refusal cannot be produced then
  it.skipIf(process.getuid?.() === 0)("says when the folder cannot be written, and leaves the file unchanged", async () => {
    const file = fresh("ro.yaml", "a: 1\n");
    const read = await readFileToFix(file);
    chmodSync(dir!, 0o500);
    try {
      const error = await writeFixedFile(read, "a: 2\n").catch((e: unknown) => e);
      expect(isUserError(error) && error.message).toMatch(/cannot write .*the file is unchanged/);
      expect(readFileSync(file, "utf8")).toBe("a: 1\n");
    } finally {
      chmodSync(dir!, 0o700);
    }
  });
});
