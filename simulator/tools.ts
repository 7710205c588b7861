// The outside programs some tests run: Python's botocore, the AWS CLI, zsh and fish. Outside CI a
// missing one skips the tests that need it, with a warning naming what to install; with CI set it
// fails the run instead, since .ci/run installs every one of them and a skipped interoperability
// test there would pass a change it was meant to catch.
import { spawnSync } from "node:child_process";
import os from "node:os";
import path from "node:path";

/** CI sets CI (to "true"); "false" or "0" mean a developer's machine. */
export const IN_CI = !["", "0", "false"].includes((process.env.CI ?? "").toLowerCase());

export interface ToolSpec {
  /** Commands to try in order; the first that passes the check is used. */
  commands?: string[];
  /** What proves the tool works (default `--version`, which must exit 0). */
  args?: string[];
  /** Variables for that run, beside PATH, a HOME that does not exist and no AWS config. */
  env?: Record<string, string>;
  /** What the run must print (stdout and stderr together), for tools that must do more than run. */
  prints?: RegExp;
  /** What brings it, for the message. */
  install?: string;
}

export class MissingToolError extends Error {
  constructor(name: string, tried: string[], install: string) {
    super(
      `${name} is needed by the tests, and with CI set they may not skip: none of ${tried.join(", ")} passed its check. ` +
        `Install ${install} (.ci/run does).`,
    );
    this.name = "MissingToolError";
  }
}

const found = new Map<string, string | undefined>();

function works(command: string, spec: ToolSpec): boolean {
  const nowhere = path.join(os.tmpdir(), "ssotray-no-such-folder");
  try {
    const result = spawnSync(command, spec.args ?? ["--version"], {
      encoding: "utf8",
      timeout: 30_000,
      env: {
        PATH: process.env.PATH ?? "/usr/bin:/bin",
        HOME: nowhere,
        AWS_CONFIG_FILE: path.join(nowhere, "config"),
        AWS_SHARED_CREDENTIALS_FILE: path.join(nowhere, "credentials"),
        ...spec.env,
      },
    });
    if (spec.prints) return spec.prints.test(`${result.stdout}${result.stderr}`);
    return result.status === 0;
  } catch {
    return false;
  }
}

/**
 * The command that runs the tool, or undefined outside CI when it is missing (skip the tests that
 * need it: `it.skipIf(!tool)`). With CI set, a missing tool throws MissingToolError, which fails
 * the test file that asked.
 */
export function requireTool(name: string, spec: ToolSpec = {}): string | undefined {
  const commands = (spec.commands ?? [name]).filter((c) => c !== "");
  const key = JSON.stringify([commands, spec.args, spec.env, spec.prints?.source]);
  if (!found.has(key))
    found.set(
      key,
      commands.find((command) => works(command, spec)),
    );
  const command = found.get(key);
  if (command) return command;
  const install = spec.install ?? name;
  if (IN_CI) throw new MissingToolError(name, commands, install);
  console.warn(`${name}: none of ${commands.join(", ")} passed its check; skipping what needs it`);
  return undefined;
}

// The tests point botocore and the AWS CLI at the simulator through AWS_ENDPOINT_URL_<SERVICE>
// (botocore 1.31 and AWS CLI 2.13 onwards); an older one would call AWS itself. Both probes ask
// for an address that nothing listens on and look for it in what they print.
const PROBE_ENDPOINT = { AWS_ENDPOINT_URL_STS: "http://127.0.0.1:9" };
const PROBED = /127\.0\.0\.1:9/;

/**
 * A Python whose botocore honours AWS_ENDPOINT_URL_<SERVICE>: SSOTRAY_PYTHON when set, else
 * `python3` on PATH, else Debian's /usr/bin/python3, where python3-botocore installs (a python3
 * from pyenv or a virtualenv does not see Debian's packages).
 */
export function botocorePython(): string | undefined {
  return requireTool("Python's botocore (1.31 or later)", {
    commands: [process.env.SSOTRAY_PYTHON ?? "", "python3", "/usr/bin/python3"],
    args: [
      "-c",
      "import botocore.session; print(botocore.session.Session().create_client('sts', region_name='us-east-1').meta.endpoint_url)",
    ],
    env: PROBE_ENDPOINT,
    prints: PROBED,
    install: "Debian's python3-botocore (Debian 13), or botocore with pip",
  });
}

/**
 * The AWS CLI, v1 (on botocore 1.31+) or v2 (2.13+), that honours AWS_ENDPOINT_URL_<SERVICE>:
 * SSOTRAY_AWS_CLI when set, else `aws` on PATH, else Debian's /usr/bin/aws.
 */
export function awsCli(): string | undefined {
  return requireTool("The AWS CLI (v1 on botocore 1.31+, or v2.13+)", {
    commands: [process.env.SSOTRAY_AWS_CLI ?? "", "aws", "/usr/bin/aws"],
    args: ["sts", "get-caller-identity", "--region", "us-east-1", "--cli-connect-timeout", "1"],
    env: {
      ...PROBE_ENDPOINT,
      AWS_ACCESS_KEY_ID: "AKIAPROBE",
      AWS_SECRET_ACCESS_KEY: "probe",
      AWS_MAX_ATTEMPTS: "1",
      AWS_EC2_METADATA_DISABLED: "true",
    },
    prints: PROBED,
    install: "Debian's awscli (Debian 13), or awscli with pip",
  });
}
