// The vitest setup Stryker runs (`npm run mutate`): the unit and integration tests, without the
// browser e2e specs, which would start Chromium for every mutant of any module the service uses.
import { defineConfig, mergeConfig } from "vitest/config";
import base from "./vitest.config.js";

export default mergeConfig(
  base,
  defineConfig({
    test: {
      include: ["{electron,shared,simulator,renderer,scripts}/**/*.test.ts"],
      maxWorkers: 1,
    },
  }),
);
