// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      "dist/",
      "dist-electron/",
      "dist-cli/",
      "release/",
      "docs/",
      "e2e/artifacts/",
      ".tmp/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
      "@typescript-eslint/consistent-type-imports": "error",
      eqeqeq: ["error", "smart"],
    },
  },
  {
    // core/ and cli/ run in plain Node under the CLI, the app and tests: they never reach for
    // Electron, and, like electron/, never lean on the simulator or on test helpers.
    files: ["core/**/*.ts", "cli/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [{ name: "electron", message: "Only electron/ may import Electron." }],
          patterns: [
            {
              group: ["**/simulator", "**/simulator/**", "**/test-support", "**/test-support/**"],
              message: "Production code never imports the simulator or test helpers.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["electron/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/simulator", "**/simulator/**", "**/test-support", "**/test-support/**"],
              message: "Production code never imports the simulator or test helpers.",
            },
          ],
        },
      ],
    },
  },
  {
    // The simulator stands in for AWS: plain Node, no Electron.
    files: ["simulator/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { paths: [{ name: "electron", message: "The simulator runs in plain Node." }] },
      ],
    },
  },
  {
    // shared/ is also bundled into the renderer: no Node built-ins there.
    files: ["shared/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [{ name: "electron", message: "shared/ is imported by the renderer." }],
          patterns: [
            {
              group: ["node:*", "fs", "path", "os", "crypto", "child_process"],
              message: "shared/ is imported by the renderer: no Node modules.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["renderer/**/*.{ts,tsx}"],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/electron/**", "electron"],
              message: "The renderer talks to main only through window.sso.",
            },
            {
              group: ["node:*"],
              message: "The renderer runs in a sandboxed page: no Node modules.",
            },
          ],
        },
      ],
    },
  },
);
