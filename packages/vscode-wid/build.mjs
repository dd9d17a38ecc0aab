// Bundles the extension with esbuild into dist/ (CommonJS, as VS Code loads extensions; `vscode`
// is provided by the host). Activation loads dist/extension.js alone: VS Code glue, no engine.
// The engine (core, checks, yaml) is dist/engine.js, required on first use; what reads live Azure
// (the Azure SDKs) is dist/live.js, required only when the settings ask for it. `--tests` also bundles the integration
// suite into dist-test/.
import { build } from "esbuild";
import { readFile, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

/** Lazily loaded bundles: `import("#wid/engine")` in the glue becomes `require("./engine.js")` at run time. */
export const LAZY = { "#wid/engine": "./engine.js", "#wid/live": "./live.js" };

const lazyExternal = {
  name: "wid-lazy",
  setup(b) {
    b.onResolve({ filter: /^#wid\// }, (args) => {
      const target = LAZY[args.path];
      if (!target) return { errors: [{ text: `unknown lazy module ${args.path}` }] };
      return { path: target, external: true };
    });
  },
};

async function docsUrl() {
  const root = JSON.parse(await readFile(join(here, "..", "..", "package.json"), "utf8"));
  const repo = typeof root.repository === "string" ? root.repository : root.repository?.url;
  const match = typeof repo === "string" ? /^(?:git\+)?(https:\/\/github\.com\/[^/]+\/[^/]+?)(?:\.git)?\/?$/.exec(repo) : null;
  return match ? `${match[1]}/blob/main/docs/checks/` : "";
}

const common = {
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node22",
  external: ["vscode"],
  // @wid/core is bundled from its TypeScript sources
  conditions: ["source"],
  sourcemap: "linked",
  logLevel: "warning",
  metafile: true,
};

export async function bundle({ production = false, tests = false, outdir = join(here, "dist") } = {}) {
  const pkg = JSON.parse(await readFile(join(here, "package.json"), "utf8"));
  await rm(outdir, { recursive: true, force: true });
  const result = await build({
    ...common,
    entryPoints: { extension: join(here, "src", "extension.ts"), engine: join(here, "src", "engine", "index.ts"), live: join(here, "src", "live", "index.ts") },
    outdir,
    plugins: [lazyExternal],
    // require() rather than import(): the engine is CommonJS, loaded the way VS Code loads the extension
    supported: { "dynamic-import": false },
    define: { WID_VERSION: JSON.stringify(pkg.version), WID_DOCS_URL: JSON.stringify(await docsUrl()) },
    minify: production,
    sourcemap: production ? false : "linked",
  });
  if (tests) {
    const testOut = join(here, "dist-test");
    await rm(testOut, { recursive: true, force: true });
    await build({
      ...common,
      entryPoints: {
        "suite/index": join(here, "test", "integration", "index.ts"),
        "vsix/index": join(here, "test", "integration", "vsix", "index.ts"),
        "bench/index": join(here, "test", "bench", "index.ts"),
      },
      outdir: testOut,
      external: ["vscode", "mocha"],
    });
  }
  return result;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = new Set(process.argv.slice(2));
  const { metafile } = await bundle({ production: args.has("--production"), tests: args.has("--tests") });
  for (const [file, out] of Object.entries(metafile.outputs)) {
    if (file.endsWith(".js")) console.log(`${(out.bytes / 1024).toFixed(0).padStart(6)} KiB  ${file}`);
  }
}
