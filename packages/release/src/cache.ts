import { createHash } from "node:crypto";
import { createReadStream, existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { UserError } from "@wid/core";
import { x as untar } from "tar";
import { megabytes, seconds, type Log } from "./progress.js";
import type { RuntimePackage } from "./runtimes.js";
import { runOrFail } from "./run.js";

/**
 * Where downloaded runtimes are kept between builds, outside the clone: WID_CACHE_DIR, else
 * $XDG_CACHE_HOME/wid, else ~/.cache/wid. Entries are keyed by package and version.
 */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env["WID_CACHE_DIR"]) return env["WID_CACHE_DIR"];
  return join(env["XDG_CACHE_HOME"] || join(homedir(), ".cache"), "wid");
}

const MARKER = ".wid-complete";

/**
 * The unpacked npm package, fetched with `npm pack` on first use and checked against the pinned
 * integrity. Returns the path of its executable.
 */
export async function runtimeBinary(pkg: RuntimePackage, opts: { cacheDir: string; log: Log }): Promise<string> {
  const dir = join(opts.cacheDir, "runtimes", `${pkg.name.replace("/", "+")}@${pkg.version}`);
  const binary = join(dir, pkg.binary);
  const marker = await readFile(join(dir, MARKER), "utf8").catch(() => undefined);
  if (marker === pkg.integrity && existsSync(binary)) return binary;

  const started = Date.now();
  opts.log(`fetching ${pkg.name}@${pkg.version} from the npm registry (kept in ${dir})`);
  await mkdir(join(opts.cacheDir, "runtimes"), { recursive: true });
  const tmp = await mkdtemp(join(opts.cacheDir, "runtimes", ".fetch-"));
  try {
    await runOrFail(`fetching ${pkg.name}@${pkg.version}`, "npm", ["pack", `${pkg.name}@${pkg.version}`, "--pack-destination", tmp, "--silent"], {
      cwd: tmp,
      timeoutMs: 10 * 60_000,
      hint: "the release takes its runtimes from the npm registry: check that `npm view " + pkg.name + " version` answers",
    });
    const tarball = (await readdir(tmp)).find((f) => f.endsWith(".tgz"));
    if (!tarball) throw new UserError(`npm pack ${pkg.name}@${pkg.version} wrote no tarball`, { hint: "run `npm pack " + pkg.name + "@" + pkg.version + "` by hand" });
    const integrity = await sha512Integrity(join(tmp, tarball));
    if (integrity !== pkg.integrity) {
      throw new UserError(`${pkg.name}@${pkg.version} from the registry is not the tarball this release pins (integrity ${integrity})`, {
        hint: "the pinned integrity in packages/release/src/runtimes.ts is npm's dist.integrity; a mismatch means a different file was served",
      });
    }
    const size = (await stat(join(tmp, tarball))).size;
    const unpacked = join(tmp, "unpacked");
    await mkdir(unpacked);
    await untar({ file: join(tmp, tarball), cwd: unpacked });
    await writeFile(join(unpacked, MARKER), pkg.integrity);
    await rm(dir, { recursive: true, force: true });
    await rename(unpacked, dir).catch(async (e: unknown) => {
      // Another build fetched the same package meanwhile: theirs is as good.
      if ((await readFile(join(dir, MARKER), "utf8").catch(() => undefined)) !== pkg.integrity) throw e;
    });
    opts.log(`fetched ${pkg.name}@${pkg.version} (${megabytes(size)}) in ${seconds(Date.now() - started)}`);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  if (!existsSync(binary)) throw new UserError(`${pkg.name}@${pkg.version} holds no ${pkg.binary}`, { hint: "the package's layout changed: update packages/release/src/runtimes.ts" });
  return binary;
}

async function sha512Integrity(file: string): Promise<string> {
  const hash = createHash("sha512");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return `sha512-${hash.digest("base64")}`;
}
