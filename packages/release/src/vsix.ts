import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { runOrFail } from "./run.js";

export const EXTENSION_DIR = "packages/vscode-wid";

/** Why the extension cannot be packaged in this checkout, or undefined when it can. */
export async function vsixUnavailable(root: string): Promise<string | undefined> {
  const manifest = join(root, EXTENSION_DIR, "package.json");
  if (!existsSync(manifest)) return `${EXTENSION_DIR} is not in this checkout`;
  const pkg = JSON.parse(await readFile(manifest, "utf8")) as { scripts?: Record<string, string> };
  if (!pkg.scripts?.["package"]) return `${EXTENSION_DIR} has no "package" script`;
  return undefined;
}

/** Packages the VS Code extension with its own `package` script into `out`. */
export async function buildVsix(root: string, out: string): Promise<void> {
  await runOrFail("packaging the VS Code extension", "pnpm", ["--filter", "vscode-wid", "run", "package", out], {
    cwd: root,
    timeoutMs: 10 * 60_000,
    hint: `run \`pnpm --filter vscode-wid run package\` to see why`,
  });
  if (!existsSync(out)) throw new Error(`the extension's package script did not write ${out}`);
}
