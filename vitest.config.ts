import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { conditions: ["source"] },
  ssr: { resolve: { conditions: ["source"] } },
  test: {
    include: ["packages/*/test/**/*.test.{ts,tsx}"],
    testTimeout: 20_000,
    reporters: ["default", "./scripts/vitest-summary.ts"],
  },
});
