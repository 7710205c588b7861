// Every credential_process line the CLI and the app write, read by five AWS tools: botocore, the
// AWS SDK for JavaScript, the AWS CLI v2, the AWS SDK for Go v2 and the AWS SDK for Ruby. Each must
// run the same words. The command on the lines is a stand-in that answers with its own argv (as
// the session token), so the test compares what each tool actually ran.
import { execFile } from "node:child_process";
import {
  chmodSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { fromIni } from "@aws-sdk/credential-provider-ini";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { botocorePython, requireTool } from "../../simulator/tools.js";
import { parseConfig } from "../aws-files/config-file.js";
import { populateProfiles } from "./populate.js";
import { resolveLocations } from "../locations.js";
import { linuxOnly } from "../../test-support/platform-only.js";
import { READER_PAIRS } from "../../test-support/credential-process-pairs.js";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");
const work = mkdtempSync(path.join(os.tmpdir(), "ssotray-readers-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const python = botocorePython();
const awsCliV2 = requireTool("The AWS CLI v2", {
  commands: [process.env.SSOTRAY_AWS_CLI_V2 ?? "", "/usr/bin/aws", "aws"],
  prints: /^aws-cli\/2\./,
  install: "Debian's awscli (2.9 or later)",
});
const GOPATH = process.env.SSOTRAY_GOPATH ?? "/usr/share/gocode";
const debianSdk = linuxOnly("it reads Debian's packaged AWS SDK source");
const go = debianSdk.probe(() =>
  requireTool("Go with the AWS SDK for Go v2", {
    commands: ["go"],
    args: ["list", "github.com/aws/aws-sdk-go-v2/config"],
    env: { GO111MODULE: "off", GOPATH, GOCACHE: path.join(work, "go-cache"), GOFLAGS: "-mod=mod" },
    prints: /^github\.com\/aws\/aws-sdk-go-v2\/config$/m,
    install: "Debian's golang-go and golang-github-aws-aws-sdk-go-v2-dev",
  }),
);
const ruby = debianSdk.probe(() =>
  requireTool("Ruby with the AWS SDK", {
    commands: ["ruby"],
    args: ["-e", 'require "aws-sdk-core"; puts "ok"'],
    prints: /^ok$/m,
    install: "Debian's ruby-aws-sdk-core",
  }),
);

/** Answers credential_process with its arguments, base64url JSON, as the session token. */
const RECORDER = [
  `#!${process.execPath}`,
  `const token = Buffer.from(JSON.stringify(process.argv.slice(2))).toString("base64url");`,
  `process.stdout.write(JSON.stringify({ Version: 1, AccessKeyId: "ASIARECORDER0000", SecretAccessKey: "c2VjcmV0c2VjcmV0c2VjcmV0", SessionToken: token, Expiration: new Date(Date.now() + 3600e3).toISOString() }));`,
].join("\n");

const PAIRS = READER_PAIRS;

interface Case {
  what: string;
  command: string[];
  session: string;
}
interface Line {
  configFile: string;
  profile: string;
  line: string;
  expected: string[];
}

let goReader: string | undefined;
const lines: Line[] = [];

beforeAll(async () => {
  const plain = path.join(work, "bin");
  const spaced = path.join(work, "SSO Tray's bin");
  for (const dir of [plain, spaced]) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "ssotray"), RECORDER);
    chmodSync(path.join(dir, "ssotray"), 0o755);
  }
  const cases: Case[] = [
    // The installed link or the executable, as the app and the packaged CLI write them.
    { what: "the link on PATH", command: [path.join(plain, "ssotray")], session: "acme" },
    {
      what: "an executable in a folder with spaces",
      command: [path.join(spaced, "ssotray")],
      session: "acme corp's",
    },
    // node and the script, as the CLI from npm writes them.
    {
      what: "node and a script",
      command: [process.execPath, path.join(spaced, "ssotray")],
      session: "acme",
    },
  ];
  for (const [i, c] of cases.entries()) {
    const configFile = path.join(work, `config-${i}`);
    const result = await populateProfiles(
      resolveLocations({ HOME: work, AWS_CONFIG_FILE: configFile }),
      {
        session: c.session,
        region: "eu-west-1",
        pairs: PAIRS.map((p) => ({ ...p, session: c.session })),
        credentialProcess: true,
        credentialProcessCommand: c.command,
      },
    );
    expect(result.added).toHaveLength(PAIRS.length);
    for (const section of parseConfig(readFileSync(configFile, "utf8"))) {
      const pair = PAIRS.find((p) => section.values.credential_process?.includes(p.accountId))!;
      lines.push({
        configFile,
        profile: section.name,
        line: section.values.credential_process!,
        expected: [
          "credential-process",
          "--session",
          c.session,
          "--account",
          pair.accountId,
          "--role",
          pair.roleName,
        ],
      });
    }
  }
  expect(lines).toHaveLength(cases.length * PAIRS.length);

  if (go) {
    // Compiled here, offline, against Debian's packaged SDK (GOPATH mode, no module download).
    const source = path.join(work, "go", "src", "ssotray-go-reader");
    cpSync(path.join(root, "test-support", "go-reader"), source, { recursive: true });
    goReader = path.join(work, "go-reader");
    await run(go, ["build", "-o", goReader, "."], {
      cwd: source,
      env: {
        PATH: process.env.PATH ?? "",
        HOME: work,
        GO111MODULE: "off",
        GOPATH,
        GOCACHE: path.join(work, "go-cache"),
        GOFLAGS: "-mod=mod",
      },
    });
  }
}, 240_000);

/** The argv the stand-in recorded, from the session token a tool handed back. */
function argvOf(token: string): string[] {
  return JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as string[];
}

/** The environment a tool reads one config file in, with no credentials of its own. */
function toolEnv(configFile: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "",
    HOME: work,
    AWS_CONFIG_FILE: configFile,
    AWS_SHARED_CREDENTIALS_FILE: path.join(work, "no-credentials"),
    AWS_EC2_METADATA_DISABLED: "true",
  };
}

function byFile(): Map<string, Line[]> {
  const files = new Map<string, Line[]>();
  for (const l of lines) files.set(l.configFile, [...(files.get(l.configFile) ?? []), l]);
  return files;
}

describe("credential_process lines", () => {
  it("never start with a quote, which the Go SDK's INI reader would end the line at", () => {
    for (const l of lines) expect(l.line).not.toMatch(/^"/);
    expect(lines[0]!.line).toBe(
      `${path.join(work, "bin", "ssotray")} credential-process --session acme --account 111111111111 --role Admin`,
    );
  });

  it("run the same words in the AWS SDK for JavaScript", async () => {
    for (const l of lines) {
      const creds = await fromIni({
        profile: l.profile,
        configFilepath: l.configFile,
        filepath: path.join(work, "no-credentials"),
        ignoreCache: true,
      })();
      expect(argvOf(creds.sessionToken!), l.line).toEqual(l.expected);
    }
  });

  it.skipIf(!python)("run the same words in botocore", async () => {
    for (const [file, list] of byFile()) {
      const { stdout } = await run(
        python!,
        [
          "-c",
          "import botocore.session, json, sys\nfor p in sys.argv[1:]:\n    print(json.dumps(botocore.session.Session(profile=p).get_credentials().get_frozen_credentials().token))",
          ...list.map((l) => l.profile),
        ],
        { env: toolEnv(file) },
      );
      const tokens = stdout
        .trim()
        .split("\n")
        .map((t) => JSON.parse(t) as string);
      list.forEach((l, i) => expect(argvOf(tokens[i]!), l.line).toEqual(l.expected));
    }
  });

  it.skipIf(!awsCliV2)(
    "run the same words in the AWS CLI v2",
    async () => {
      for (const l of lines) {
        const { stdout } = await run(
          awsCliV2!,
          ["configure", "export-credentials", "--profile", l.profile, "--format", "process"],
          { env: toolEnv(l.configFile) },
        );
        const creds = JSON.parse(stdout) as { SessionToken: string };
        expect(argvOf(creds.SessionToken), l.line).toEqual(l.expected);
      }
    },
    120_000,
  );

  it.skipIf(!go)(debianSdk.title("run the same words in the AWS SDK for Go v2"), async () => {
    for (const [file, list] of byFile()) {
      const { stdout } = await run(
        goReader!,
        list.map((l) => l.profile),
        { env: toolEnv(file) },
      );
      const results = stdout
        .trim()
        .split("\n")
        .map((r) => JSON.parse(r) as { sessionToken?: string; error?: string });
      list.forEach((l, i) => {
        expect(results[i]!.error, l.line).toBeUndefined();
        expect(argvOf(results[i]!.sessionToken!), l.line).toEqual(l.expected);
      });
    }
  });

  it.skipIf(!ruby)(debianSdk.title("run the same words in the AWS SDK for Ruby"), async () => {
    for (const [file, list] of byFile()) {
      const { stdout } = await run(
        ruby!,
        [
          "-e",
          // As the SDK's credential provider chain does for a profile (credential_provider_chain.rb).
          'require "aws-sdk-core"; ARGV.each { |p| puts Aws::ProcessCredentials.new(Aws.shared_config.credential_process(profile: p)).credentials.session_token }',
          ...list.map((l) => l.profile),
        ],
        { env: toolEnv(file) },
      );
      const tokens = stdout.trim().split("\n");
      list.forEach((l, i) => expect(argvOf(tokens[i]!), l.line).toEqual(l.expected));
    }
  });
});
