import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { conditions: ["source"] },
  ssr: { resolve: { conditions: ["source"] } },
  test: {
    include: ["packages/*/test/**/*.test.{ts,tsx}"],
    // The built release's tests build every executable first: vitest.release.config.ts runs them on their own.
    exclude: ["**/node_modules/**", "packages/release/test/artefacts/**"],
    testTimeout: 20_000,
    // Hooks that bundle the CLI with esbuild (the Azure SDKs and client-node included) take
    // several seconds alone, more while other test files run beside them.
    hookTimeout: 60_000,
    reporters: ["default", "./scripts/vitest-summary.ts"],
  },
});
