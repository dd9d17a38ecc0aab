// `pnpm release`: builds the release into dist/release/ (see release.ts) with a line of progress a step.
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { isUserError } from "@wid/core";
import { cacheRoot } from "./cache.js";
import { seconds } from "./progress.js";
import { release } from "./release.js";
import { selectTargets, TARGETS, targetId } from "./targets.js";

const ROOT = resolve(import.meta.dirname, "..", "..", "..");

const USAGE = `pnpm release [--out DIR] [--url-template URL] [--targets LIST] [--no-vsix]

Builds kubectl-wid single executables (${TARGETS.map(targetId).join(", ")}), one archive each
with LICENSE, SHA256SUMS, the krew manifest wid.yaml and the VS Code extension's .vsix.

  --out DIR            where to write (default: dist/release)
  --url-template URL   where the archives will be downloaded from: {version} and {file} are
                       filled in (default: WID_RELEASE_URL_TEMPLATE, else the GitHub releases of
                       package.json's repository: .../releases/download/v{version}/{file})
  --targets LIST       comma-separated os/arch, e.g. linux/amd64,darwin/arm64 (default: all)
  --no-vsix            leave the VS Code extension out

Runtimes come from the npm registry and are kept in ${cacheRoot()} (WID_CACHE_DIR).`;

function say(line: string): void {
  process.stderr.write(`\u25b8 ${line}\n`);
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      out: { type: "string" },
      "url-template": { type: "string" },
      targets: { type: "string" },
      "no-vsix": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(USAGE + "\n");
    return 0;
  }
  const started = Date.now();
  const result = await release({
    root: ROOT,
    outDir: resolve(values.out ?? join(ROOT, "dist", "release")),
    targets: selectTargets(values.targets),
    urlTemplate: values["url-template"] ?? (process.env["WID_RELEASE_URL_TEMPLATE"] || undefined),
    cacheDir: cacheRoot(),
    vsix: !values["no-vsix"],
    log: say,
  });
  say(`done in ${seconds(Date.now() - started)}: ${result.archives.length} archive(s), SHA256SUMS, ${result.manifest.split("/").pop()}${"path" in result.vsix ? ", the .vsix" : ""} in ${resolve(result.sums, "..")}`);
  if ("skipped" in result.vsix) say(`the VS Code extension was not packaged: ${result.vsix.skipped}`);
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    if (isUserError(e)) {
      process.stderr.write(`error: ${e.message}\n${e.hint ? `hint: ${e.hint}\n` : ""}`);
      process.exitCode = 2;
    } else if (e instanceof TypeError && (e as NodeJS.ErrnoException).code?.startsWith("ERR_PARSE_ARGS")) {
      process.stderr.write(`error: ${e.message}\nhint: pnpm release --help shows the usage\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`error: the release failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 1;
    }
  },
);
