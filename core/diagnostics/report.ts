// A doctor report to attach to a bug report: versions, the OS, what each check found, the AWS
// config and the last sign-in errors, with every secret and account id masked. Masking works on
// the text as a whole as well as by key, so a secret in an unexpected place is caught too.
import os from "node:os";
import { readFile } from "node:fs/promises";
import type { Locations } from "../locations.js";
import { displayPath } from "../locations.js";
import { FailureStore } from "../sessions/failure-store.js";
import type { Finding } from "./finding.js";

/** Config keys whose values are secrets (or run a command that may hold one). */
const SECRET_KEY =
  /(secret|token|password|passwd|credential_process|aws_access_key_id|private|auth)/i;

const MASK = "***";

/** Masks what looks secret anywhere in text: access key ids, account ids, long opaque runs. */
export function maskText(text: string): string {
  return (
    text
      // Access key ids: AKIA…, ASIA… (16 more letters and digits).
      .replace(/\b(?:AKIA|ASIA|AROA|AIDA)[A-Z0-9]{12,}\b/g, MASK)
      // Account ids: 12 digits on their own (in ARNs too).
      .replace(/(?<!\d)\d{12}(?!\d)/g, "************")
      // Tokens, secret keys, signatures: long runs of base64 or hex.
      .replace(/[A-Za-z0-9+/=_-]{32,}/g, MASK)
  );
}

/** The config with every secret value masked, its continuation lines included. */
export function maskConfig(text: string): string {
  let masking = false;
  const lines = text.split(/\r?\n/).map((line) => {
    const indented = /^\s+\S/.test(line);
    const pair = /^(\s*)([^=:\s[#;][^=:]*?)\s*([=:])/.exec(line);
    if (pair && SECRET_KEY.test(pair[2] ?? "")) {
      if (!indented) masking = true;
      return `${pair[1]}${pair[2]} ${pair[3]} ${MASK}`;
    }
    if (indented) return masking ? `    ${MASK}` : line;
    masking = false;
    return line;
  });
  return maskText(lines.join("\n"));
}

export interface ReportInput {
  locations: Locations;
  version: string;
  findings: readonly Finding[];
  /** `ssotray doctor --endpoints` as text. */
  endpoints: string;
}

export async function buildReport(input: ReportInput): Promise<string> {
  const { locations } = input;
  const config = await readFile(locations.awsConfig, "utf8").catch(
    (error: NodeJS.ErrnoException) => `(not read: ${error.code ?? error.message})`,
  );
  const failures = [...(await new FailureStore(locations).all())].map(
    ([session, failure]) => `${session}: ${failure.why}`,
  );
  const sections = [
    "# SSO Tray doctor report",
    "",
    `ssotray ${input.version}; Node.js ${process.versions.node}; ${os.type()} ${os.release()} ${os.arch()}`,
    "",
    "## Checks",
    ...input.findings.map((f) => `${f.severity.padEnd(7)} ${f.check.padEnd(9)} ${f.message}`),
    "",
    "## Endpoints",
    input.endpoints.trimEnd() || "(no session)",
    "",
    `## ${displayPath(locations.awsConfig, locations)} (secrets and account ids masked)`,
    maskConfig(config).trimEnd(),
    "",
    "## Last sign-in errors",
    ...(failures.length ? failures : ["(none)"]),
    "",
  ];
  // The whole report once more: findings and errors may quote a value from a file or the network.
  return maskText(sections.join("\n"));
}
