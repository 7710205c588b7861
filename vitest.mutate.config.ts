// The vitest setup Stryker runs (`npm run mutate`): the unit and integration tests, without the
// browser e2e specs, which would start Chromium for every mutant of any module the service uses.
// scripts/mutate.mjs names each module group's own test files in SSOTRAY_MUTATE_TESTS.
// (Spread rather than mergeConfig, which would append to the include list instead of replacing it.)
import { defineConfig } from "vitest/config";
import base from "./vitest.config.js";

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: process.env.SSOTRAY_MUTATE_TESTS?.split(",") ?? [
      "{core,cli,electron,shared,simulator,renderer,scripts,test-support}/**/*.test.ts",
    ],
    setupFiles: [...(base.test?.setupFiles ?? []), "test-support/vitest/mutate-setup.ts"],
    maxWorkers: 1,
    // A mutant that makes the pacer wait forever should fail fast, not after the usual 30 s.
    testTimeout: Number(process.env.SSOTRAY_MUTATE_TIMEOUT_MS ?? 5_000),
  },
});
