// Mutation testing with Stryker (`npm run mutate`, see scripts/mutate.mjs for the module groups).
// One test process at a time: the machines this runs on have two cores and other work to do.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  vitest: { configFile: "vitest.mutate.config.ts", related: true },
  coverageAnalysis: "perTest",
  concurrency: 1,
  checkers: [],
  ignoreStatic: true,
  timeoutMS: 5_000,
  tempDirName: ".tmp/stryker-sandbox",
  cleanTempDir: true,
  ignorePatterns: [
    "dist",
    "dist-cli",
    "dist-electron",
    "release",
    "docs",
    "bench",
    "e2e",
    ".tmp",
    "coverage",
    "reports",
  ],
  reporters: ["clear-text", "progress", "json"],
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  thresholds: { high: 85, low: 70, break: null },
};
