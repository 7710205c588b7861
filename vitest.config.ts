import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: [
      "{core,cli,electron,shared,simulator,renderer,scripts,test-support}/**/*.test.ts",
      "e2e/**/*.spec.ts",
    ],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // expect.poll waits for a state; its default of 1 s made it a timed assertion that a busy
    // machine fails (a sync or a sign-in that takes 2 s). The test's own timeout still ends it.
    expect: { poll: { timeout: 20_000 } },
    pool: "forks",
    // e2e specs start Chromium; two cores do not fit more than two at a time.
    maxWorkers: 2,
    // A temporary folder for the run, removed at its end, and a HOME, XDG folders and AWS config
    // of its own for every test file: a run leaves nothing behind and never sees the user's home.
    globalSetup: ["test-support/vitest/temp-root.ts"],
    setupFiles: ["test-support/vitest/isolated-home.ts"],
  },
});
