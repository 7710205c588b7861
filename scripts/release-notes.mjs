// `node scripts/release-notes.mjs --macos-signed true|false --windows-signed true|false`: the
// text the draft release's notes start with (GitHub's generated notes follow it). A build made
// without the signing secrets says so there, with what a user does to open it, as docs/install.md,
// "Unsigned builds" promises; a signed release starts with nothing.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

/**
 * @param {{ macos: boolean, windows: boolean }} signed
 * @returns {string} Markdown, empty when both are signed
 */
export function unsignedNotice(signed) {
  const lines = [];
  if (!signed.macos)
    lines.push(
      '- **macOS: not signed or not notarised.** macOS will not open the app from a download: Control-click it in Applications and choose **Open** (macOS 15 and later: **System Settings › Privacy & Security › Open Anyway**), or run `xattr -dr com.apple.quarantine "/Applications/SSO Tray.app"`. This release has no Homebrew cask.',
    );
  if (!signed.windows)
    lines.push("- **Windows: not signed.** SmartScreen asks once: **More info › Run anyway**.");
  return lines.length === 0
    ? ""
    : [
        "### Unsigned build",
        "",
        "This release was built without signing secrets:",
        "",
        ...lines,
        "",
        "",
      ].join("\n");
}

/** "true" or "false", as a job output gives it; anything else is a mistake in the workflow. */
function flag(/** @type {string | undefined} */ value, /** @type {string} */ name) {
  if (value === "true" || value === "false") return value === "true";
  throw new Error(
    `--${name} must be true or false (got '${value ?? ""}'): is the build job's "signed" output wired up?`,
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const { values } = parseArgs({
      options: { "macos-signed": { type: "string" }, "windows-signed": { type: "string" } },
      strict: true,
    });
    process.stdout.write(
      unsignedNotice({
        macos: flag(values["macos-signed"], "macos-signed"),
        windows: flag(values["windows-signed"], "windows-signed"),
      }),
    );
  } catch (error) {
    console.error(`release-notes: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  }
}
