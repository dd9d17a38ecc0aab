import { defineConfig } from "vitest/config";

/**
 * The tests of the built release: the global setup builds every executable, archive, SHA256SUMS
 * and the krew manifest once (minutes, mostly compression and the emulated arm64 build), then the
 * files test what it built. Run after the other tests, so that their timed processes do not share
 * the two cores with the build.
 */
export default defineConfig({
  resolve: { conditions: ["source"] },
  ssr: { resolve: { conditions: ["source"] } },
  test: {
    include: ["packages/release/test/artefacts/**/*.test.ts"],
    globalSetup: ["packages/release/test/artefacts/build-release.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    reporters: ["default", "./scripts/vitest-summary.ts"],
  },
});
