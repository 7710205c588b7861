// `node scripts/build-installers.mjs linux|mac|win [--dry-run]`: the release workflow's
// electron-builder run for one system, signed when the repository's secrets allow it and built
// unsigned, with a warning in the log, when they do not. GitHub hands an unset secret over as an
// empty variable, so every name below counts as set only when it holds something.
//
// macOS: a Developer ID certificate (CSC_LINK, a base64 .p12 or a path, with CSC_KEY_PASSWORD)
// signs; APPLE_ID, APPLE_APP_SPECIFIC_PASSWORD and APPLE_TEAM_ID notarise (electron-builder reads
// all of these itself). Windows: Azure Trusted Signing, through electron-builder's
// win.azureSignOptions and the service principal in AZURE_TENANT_ID, AZURE_CLIENT_ID and
// AZURE_CLIENT_SECRET (read by the TrustedSigning module itself). Linux packages are not signed:
// SHA256SUMS and the build provenance vouch for them.
import { spawnSync } from "node:child_process";
import { appendFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export const MAC_SIGNING = ["CSC_LINK", "CSC_KEY_PASSWORD"];
export const MAC_NOTARISATION = ["APPLE_ID", "APPLE_APP_SPECIFIC_PASSWORD", "APPLE_TEAM_ID"];
export const AZURE_SIGNING = [
  "AZURE_TENANT_ID",
  "AZURE_CLIENT_ID",
  "AZURE_CLIENT_SECRET",
  "AZURE_TRUSTED_SIGNING_ENDPOINT",
  "AZURE_TRUSTED_SIGNING_ACCOUNT",
  "AZURE_TRUSTED_SIGNING_PROFILE",
];

/** @param {Record<string, string | undefined>} env @param {string} name */
const has = (env, name) => (env[name] ?? "").trim() !== "";

/** Throws when some of a group's secrets are set and others are not: that is a mistake, not a choice. */
function allOrNone(
  /** @type {Record<string, string | undefined>} */ env,
  /** @type {string[]} */ names,
  /** @type {string} */ what,
) {
  const missing = names.filter((name) => !has(env, name));
  if (missing.length > 0 && missing.length < names.length)
    throw new Error(
      `${what} needs the repository secrets ${names.join(", ")}; ${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} not set. Set ${missing.length === 1 ? "it" : "them"}, or remove the others for an unsigned build`,
    );
  return missing.length === 0;
}

/**
 * How electron-builder runs for `system`: its arguments, the variables to add to (or, as empty
 * strings, remove from) its environment, and the warnings for the log in GitHub's
 * `::warning::` form.
 * @param {"linux" | "mac" | "win"} system
 * @param {Record<string, string | undefined>} env
 * `signed` says whether what it builds is signed (and, on macOS, notarised): the release's notes
 * and its Homebrew cask depend on it.
 * @returns {{ args: string[], env: Record<string, string>, warnings: string[], signed: boolean }}
 */
export function signingPlan(system, env) {
  /** @type {Record<string, string>} */
  const extra = {};
  /** @type {string[]} */
  const warnings = [];
  // Unset secrets arrive as empty strings: leave them out rather than have a tool read "" as a value.
  for (const name of [...MAC_SIGNING, ...MAC_NOTARISATION, ...AZURE_SIGNING])
    if (env[name] !== undefined && !has(env, name)) extra[name] = "";
  const unsigned = () => (extra.CSC_IDENTITY_AUTO_DISCOVERY = "false");
  switch (system) {
    case "linux":
      return { args: ["--linux", "--publish", "never"], env: extra, warnings, signed: false };
    case "mac": {
      const notarise = allOrNone(env, MAC_NOTARISATION, "Notarisation");
      if (!has(env, "CSC_LINK")) {
        if (notarise)
          throw new Error(
            "Notarisation needs a Developer ID signature: set the repository secret CSC_LINK (and CSC_KEY_PASSWORD) as well",
          );
        unsigned();
        warnings.push(
          `::warning title=Unsigned macOS build::The macOS app is neither signed nor notarised, so Gatekeeper will refuse it. Set the repository secrets ${[...MAC_SIGNING, ...MAC_NOTARISATION].join(", ")} to sign and notarise it.`,
        );
      } else if (!notarise) {
        warnings.push(
          `::warning title=macOS build not notarised::The macOS app is signed but not notarised, so Gatekeeper will refuse it. Set the repository secrets ${MAC_NOTARISATION.join(", ")} to notarise it.`,
        );
      }
      return {
        args: ["--mac", "--publish", "never"],
        env: extra,
        warnings,
        signed: has(env, "CSC_LINK") && notarise,
      };
    }
    case "win": {
      const args = ["--win", "--publish", "never"];
      if (allOrNone(env, AZURE_SIGNING, "Azure Trusted Signing")) {
        const endpoint = env.AZURE_TRUSTED_SIGNING_ENDPOINT?.trim() ?? "";
        if (!/^https:\/\/[a-z0-9.-]+\/?$/.test(endpoint))
          throw new Error(
            `AZURE_TRUSTED_SIGNING_ENDPOINT must be the account's https:// endpoint, e.g. https://eus.codesigning.azure.net (got '${endpoint}')`,
          );
        for (const name of ["AZURE_TRUSTED_SIGNING_ACCOUNT", "AZURE_TRUSTED_SIGNING_PROFILE"])
          if (!/^[A-Za-z0-9][A-Za-z0-9-]{1,62}$/.test(env[name]?.trim() ?? ""))
            throw new Error(
              `${name} must be an Azure resource name: letters, digits and hyphens (got '${env[name]}')`,
            );
        args.push(
          `-c.win.azureSignOptions.endpoint=${endpoint}`,
          `-c.win.azureSignOptions.codeSigningAccountName=${env.AZURE_TRUSTED_SIGNING_ACCOUNT?.trim()}`,
          `-c.win.azureSignOptions.certificateProfileName=${env.AZURE_TRUSTED_SIGNING_PROFILE?.trim()}`,
        );
      } else {
        unsigned();
        warnings.push(
          `::warning title=Unsigned Windows build::The Windows installer is not signed, so SmartScreen will warn whoever runs it. Set the repository secrets ${AZURE_SIGNING.join(", ")} to sign it with Azure Trusted Signing.`,
        );
      }
      return {
        args,
        env: extra,
        warnings,
        signed: extra.CSC_IDENTITY_AUTO_DISCOVERY === undefined,
      };
    }
    default:
      throw new Error(`Build installers for linux, mac or win (got '${system}')`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [system, flag] = process.argv.slice(2);
  let plan;
  try {
    if (flag !== undefined && flag !== "--dry-run")
      throw new Error("Usage: node scripts/build-installers.mjs linux|mac|win [--dry-run]");
    plan = signingPlan(/** @type {"linux" | "mac" | "win"} */ (system), process.env);
  } catch (error) {
    console.error(`build-installers: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  }
  for (const warning of plan.warnings) console.log(warning);
  const cli = path.join(root, "node_modules", "electron-builder", "cli.js");
  console.log(`electron-builder ${plan.args.join(" ")}`);
  // For the job's outputs: the release job words its notes and leaves out the cask by it.
  const reportSigned = () => {
    if (process.env.GITHUB_OUTPUT)
      appendFileSync(process.env.GITHUB_OUTPUT, `signed=${plan.signed}\n`);
  };
  if (flag === "--dry-run") {
    reportSigned();
    process.exit(0);
  }
  /** @type {NodeJS.ProcessEnv} */
  const env = { ...process.env };
  for (const [name, value] of Object.entries(plan.env)) {
    if (value === "") delete env[name];
    else env[name] = value;
  }
  const result = spawnSync(process.execPath, [cli, ...plan.args], {
    cwd: root,
    env,
    stdio: "inherit",
  });
  if (result.status === 0) reportSigned();
  process.exit(result.status ?? 1);
}
