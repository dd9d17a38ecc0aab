// Bundles the CLI into dist/kubectl-wid.mjs (plus lazily loaded chunks) with esbuild.
// `--help` and `version` load only the entry chunk: yargs and the command declarations.
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { builtinModules } from "node:module";
import { chmod, readdir, readFile, rm } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
export const ENTRY_NAME = "kubectl-wid";

async function readJson(file) {
  return JSON.parse(await readFile(file, "utf8"));
}

/** Where docs/checks/<id>.md is published, from the repository field of the root package. */
async function docsUrl() {
  const root = await readJson(join(here, "..", "..", "package.json")).catch(() => ({}));
  const repo = typeof root.repository === "string" ? root.repository : root.repository?.url;
  const match = typeof repo === "string" ? /^(?:git\+)?(https:\/\/github\.com\/[^/]+\/[^/]+?)(?:\.git)?\/?$/.exec(repo) : null;
  return match ? `${match[1]}/blob/main/docs/checks/` : "";
}

/** The commit being built, for `kubectl wid version`; "unknown" outside a git checkout. */
function gitCommit() {
  try {
    return execFileSync("git", ["rev-parse", "--short=12", "HEAD"], { cwd: here, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return "unknown";
  }
}

/**
 * Builds into `outdir`; returns esbuild's result, whose metafile maps outputs to inputs.
 * `splitting: false` writes one self-contained file (for single-executable packaging): lazy
 * imports then still defer running the engine, but not parsing it.
 */
export async function bundle({ outdir = join(here, "dist"), splitting = true } = {}) {
  const pkg = await readJson(join(here, "package.json"));
  const result = await build({
    entryPoints: { [ENTRY_NAME]: join(here, "src", "main.ts") },
    outdir,
    bundle: true,
    splitting,
    format: "esm",
    platform: "node",
    target: "node22",
    // @wid/core is bundled from its TypeScript sources.
    conditions: ["source"],
    outExtension: { ".js": ".mjs" },
    chunkNames: "chunks/[name]-[hash]",
    banner: {
      // CommonJS dependencies call require(); ESM output has none unless we make one.
      js: "#!/usr/bin/env -S node --\nimport { createRequire as __widCreateRequire } from 'node:module';\nconst require = __widCreateRequire(import.meta.url);",
    },
    define: {
      WID_VERSION: JSON.stringify(pkg.version),
      WID_COMMIT: JSON.stringify(gitCommit()),
      WID_DOCS_URL: JSON.stringify(await docsUrl()),
      // React's production build: the development one is larger, slower, and checks for tools.
      "process.env.NODE_ENV": JSON.stringify("production"),
    },
    alias: { "react-devtools-core": join(here, "src", "tui", "react-devtools-stub.ts") },
    plugins: splitting ? [] : [lazyBuiltins],
    minifyWhitespace: true,
    minifySyntax: true,
    sourcemap: "linked",
    legalComments: "linked",
    metafile: true,
    logLevel: "warning",
  });
  await chmod(join(outdir, `${ENTRY_NAME}.mjs`), 0o755);
  await removeStaleChunks(outdir, result.metafile);
  return result;
}

/**
 * In one file, esbuild hoists every `import ... from "node:https"` of every module to the top,
 * so Node.js loads crypto, TLS, HTTP and the rest before `--help` can print. Routed through this
 * plugin, an ES module's import of a built-in becomes a CommonJS module that `require`s it when
 * the importing module first runs: for the engine, only after a command that needs it starts.
 * esbuild reads named imports from a CommonJS module as properties at run time, so no list of a
 * built-in's exports (which differ between Node.js versions) is needed.
 */
const lazyBuiltins = {
  name: "lazy-builtins",
  setup(b) {
    const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
    b.onResolve({ filter: /^[a-z_:/]+$/ }, (args) => {
      if (args.kind !== "import-statement" || !builtins.has(args.path)) return undefined;
      return { path: args.path.replace(/^node:/, ""), namespace: "lazy-builtin" };
    });
    b.onLoad({ filter: /.*/, namespace: "lazy-builtin" }, (args) => ({ contents: `module.exports = require("node:${args.path}");\n`, loader: "js" }));
  },
};

/** Chunk names carry content hashes: drop those of earlier builds, after this one succeeded. */
async function removeStaleChunks(outdir, metafile) {
  const current = new Set(Object.keys(metafile.outputs).map((f) => resolve(f)));
  const chunks = join(outdir, "chunks");
  const files = await readdir(chunks).catch(() => []);
  await Promise.all(files.map((f) => join(chunks, f)).filter((f) => !current.has(resolve(f))).map((f) => rm(f, { force: true })));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { metafile } = await bundle();
  for (const [file, out] of Object.entries(metafile.outputs)) {
    if (file.endsWith(".mjs")) console.log(`${(out.bytes / 1024).toFixed(0).padStart(6)} KiB  ${file}`);
  }
}
