import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseEnv } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { requireTool } from "../../simulator/tools.js";
import { CREDENTIAL_FORMATS, type RoleCredentials } from "../../shared/model.js";
import { credentialProcessJson } from "./credential-process.js";
import { fishQuote, formatCredentials } from "./formats.js";
import { onlyOn } from "../../test-support/platform-only.js";

const plain: RoleCredentials = {
  accessKeyId: "ASIAEXAMPLE1234567890",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
  sessionToken: "IQoJb3JpZ2luX2VjEXAMPLE//////////wEaCXVzLWVhc3QtMSJHMEUCIQ==",
  expiration: "2026-11-24T08:00:00.000Z",
};

/** Everything a shell might mangle: quotes of every kind, $, backticks, backslashes, spaces, #. */
const hostile: RoleCredentials = {
  accessKeyId: "ASIA'EXAMPLE\"1",
  secretAccessKey: "a'b\"c$HOME `id` \\n\\ d # e ’f‘ *?[x]",
  sessionToken: "tok'''en\\'\\\\",
  expiration: "2026-11-24T08:00:00.000Z",
};

const NAMES = [
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_CREDENTIAL_EXPIRATION",
  "AWS_REGION",
  "AWS_DEFAULT_REGION",
] as const;

function expected(creds: RoleCredentials, region?: string): Record<string, string> {
  const env: Record<string, string> = {
    AWS_ACCESS_KEY_ID: creds.accessKeyId,
    AWS_SECRET_ACCESS_KEY: creds.secretAccessKey,
    AWS_SESSION_TOKEN: creds.sessionToken,
    AWS_CREDENTIAL_EXPIRATION: creds.expiration,
  };
  if (region) Object.assign(env, { AWS_REGION: region, AWS_DEFAULT_REGION: region });
  return env;
}

const shells = onlyOn(["linux", "darwin"], "zsh and fish are not Windows shells");
const zsh = shells.probe(() => requireTool("zsh"));
const fish = shells.probe(() => requireTool("fish"));

// The shells run in a HOME of their own and without start-up files: a user's rc files must
// neither change what they read back nor see these credentials, and fish's history and universal
// variables must not land in the real ~/.local or ~/.config.
const shellHome = mkdtempSync(path.join(os.tmpdir(), "ssotray-shells-"));
afterAll(() => rmSync(shellHome, { recursive: true, force: true }));
const SHELL_FLAGS = {
  bash: ["--noprofile", "--norc"],
  zsh: ["--no-rcs", "--no-globalrcs"],
  fish: ["--no-config", "--private"],
} as const;

/** Runs the text in a real shell, then prints each variable NUL-separated (unset ones as \u0001). */
function runShell(shell: "bash" | "zsh" | "fish", text: string): Record<string, string> {
  const dump =
    shell === "fish"
      ? NAMES.map((n) => `if set -q ${n}; printf '%s\\0' "$${n}"; else; printf '\\1\\0'; end`).join(
          "\n",
        )
      : NAMES.map(
          (n) => `if [ -n "\${${n}+x}" ]; then printf '%s\\0' "$${n}"; else printf '\\1\\0'; fi`,
        ).join("\n");
  const env = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    LANG: "C.UTF-8",
    HOME: shellHome,
    XDG_CONFIG_HOME: path.join(shellHome, ".config"),
    XDG_DATA_HOME: path.join(shellHome, ".local", "share"),
    XDG_CACHE_HOME: path.join(shellHome, ".cache"),
  };
  const out = execFileSync(shell, [...SHELL_FLAGS[shell], "-c", `${text}\n${dump}`], {
    env,
    encoding: "utf8",
  });
  const values = out.split("\0");
  const result: Record<string, string> = {};
  NAMES.forEach((name, i) => {
    if (values[i] !== "\u0001") result[name] = values[i]!;
  });
  return result;
}

/** PowerShell single-quoted assignments, as PowerShell reads them (pwsh is rarely installed here). */
function parsePowerShell(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const line of text.trimEnd().split("\n")) {
    const m = /^\$Env:(\w+) = '((?:[^'\u2018-\u201B]|['\u2018-\u201B]{2})*)'$/.exec(line);
    if (!m) throw new Error(`not a PowerShell assignment: ${line}`);
    result[m[1]!] = m[2]!.replace(/(['\u2018-\u201B])\1/g, "$1");
  }
  return result;
}

/** cmd.exe `set NAME=value` with caret escapes, as cmd reads it. */
function parseCmd(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const line of text.trimEnd().split("\n")) {
    const m = /^set (\w+)=(.*)$/.exec(line);
    if (!m) throw new Error(`not a set command: ${line}`);
    expect(m[2]).not.toMatch(/(^|[^^])[&|<>()]/);
    result[m[1]!] = m[2]!.replace(/\^(.)/g, "$1");
  }
  return result;
}

describe("credential formats", () => {
  for (const creds of [plain, hostile]) {
    const label = creds === plain ? "real-looking" : "hostile";
    for (const region of [undefined, "eu-west-1"]) {
      const suffix = `${label} values${region ? " with a region" : ""}`;

      it(`bash reads back ${suffix}`, () => {
        expect(runShell("bash", formatCredentials(creds, "bash", { region }))).toEqual(
          expected(creds, region),
        );
      });

      it.skipIf(!zsh)(shells.title(`zsh reads back ${suffix}`), () => {
        expect(runShell("zsh", formatCredentials(creds, "zsh", { region }))).toEqual(
          expected(creds, region),
        );
      });

      it.skipIf(!fish)(
        shells.title(`fish reads back ${suffix}, run as it is, by eval (…) and by | source`),
        () => {
          const text = formatCredentials(creds, "fish", { region });
          expect(runShell("fish", text)).toEqual(expected(creds, region));
          const file = path.join(shellHome, "fish-exports");
          writeFileSync(file, text);
          // What a user types: the command substitution splits at line breaks, `source` does not.
          expect(runShell("fish", `eval (cat ${fishQuote(file)})`)).toEqual(
            expected(creds, region),
          );
          expect(runShell("fish", `cat ${fishQuote(file)} | source`)).toEqual(
            expected(creds, region),
          );
        },
      );

      it(`PowerShell assignments read back ${suffix}`, () => {
        expect(parsePowerShell(formatCredentials(creds, "powershell", { region }))).toEqual(
          expected(creds, region),
        );
      });

      it(`JSON reads back ${suffix}`, () => {
        expect(JSON.parse(formatCredentials(creds, "json", { region }))).toEqual(
          expected(creds, region),
        );
      });
    }
  }

  it("fish refuses a line break, which would split its one line, naming the variable", () => {
    expect(() => formatCredentials({ ...plain, sessionToken: "a\nb" }, "fish")).toThrow(
      /AWS_SESSION_TOKEN holds characters that fish cannot carry/,
    );
  });

  it("fish escapes only backslashes and single quotes inside single quotes", () => {
    expect(formatCredentials(hostile, "fish")).toContain(
      `set -gx AWS_SESSION_TOKEN 'tok\\'\\'\\'en\\\\\\'\\\\\\\\'`,
    );
  });

  it("cmd set commands read back real credentials and a region", () => {
    expect(parseCmd(formatCredentials(plain, "cmd", { region: "us-gov-west-1" }))).toEqual(
      expected(plain, "us-gov-west-1"),
    );
    const withOperators = { ...plain, sessionToken: "a&b|c<d>e^f(g)" };
    expect(parseCmd(formatCredentials(withOperators, "cmd"))).toEqual(expected(withOperators));
  });

  it("cmd refuses a value it cannot carry, naming the variable", () => {
    expect(() => formatCredentials(hostile, "cmd")).toThrow(
      /AWS_ACCESS_KEY_ID holds characters that cmd cannot carry/,
    );
    expect(() => formatCredentials({ ...plain, sessionToken: "50%OFF" }, "cmd")).toThrow(
      expect.objectContaining({
        name: "UnsafeValueError",
        message: expect.stringMatching(/AWS_SESSION_TOKEN/),
      }),
    );
  });

  it("dotenv reads back through Node's own dotenv parser", () => {
    expect(parseEnv(formatCredentials(plain, "dotenv", { region: "eu-west-1" }))).toEqual(
      expected(plain, "eu-west-1"),
    );
    const spaced = { ...plain, secretAccessKey: 'a b#c "d" $e' };
    expect(parseEnv(formatCredentials(spaced, "dotenv"))).toEqual(expected(spaced));
  });

  it("dotenv leaves plain values bare", () => {
    expect(formatCredentials(plain, "dotenv", { region: "eu-west-1" })).toBe(
      [
        `AWS_ACCESS_KEY_ID=${plain.accessKeyId}`,
        `AWS_SECRET_ACCESS_KEY=${plain.secretAccessKey}`,
        `AWS_SESSION_TOKEN=${plain.sessionToken}`,
        `AWS_CREDENTIAL_EXPIRATION=${plain.expiration}`,
        "AWS_REGION=eu-west-1",
        "AWS_DEFAULT_REGION=eu-west-1",
        "",
      ].join("\n"),
    );
    expect(formatCredentials({ ...plain, sessionToken: "a b" }, "dotenv")).toContain(
      "AWS_SESSION_TOKEN='a b'\n",
    );
  });

  it("every format ends with exactly one line break, so output can be appended to a file", () => {
    for (const format of CREDENTIAL_FORMATS) {
      const text = formatCredentials(plain, format);
      expect(text.endsWith("\n"), format).toBe(true);
      expect(text.endsWith("\n\n"), format).toBe(false);
    }
  });

  it("dotenv double-quotes a value with a single quote, which single quotes cannot hold", () => {
    const quoted = { ...plain, secretAccessKey: "a'b c" };
    const text = formatCredentials(quoted, "dotenv");
    expect(text).toContain(`AWS_SECRET_ACCESS_KEY="a'b c"\n`);
    expect(parseEnv(text)).toEqual(expected(quoted));
  });

  it("dotenv refuses what neither quote can carry, naming the variable", () => {
    for (const secretAccessKey of [`a'b"c`, "a'b\\c", "a\nb"]) {
      expect(
        () => formatCredentials({ ...plain, secretAccessKey }, "dotenv"),
        secretAccessKey,
      ).toThrow(/AWS_SECRET_ACCESS_KEY holds characters that dotenv cannot carry/);
    }
  });

  it("every format names the expiration and, when asked, both region variables", () => {
    for (const format of CREDENTIAL_FORMATS) {
      const text = formatCredentials(plain, format, { region: "ap-south-1" });
      expect(text, format).toContain("AWS_CREDENTIAL_EXPIRATION");
      expect(text.match(/ap-south-1/g), format).toHaveLength(2);
      expect(formatCredentials(plain, format), format).not.toContain("AWS_REGION");
    }
  });

  it("credential_process JSON has exactly the keys botocore reads", () => {
    expect(JSON.parse(credentialProcessJson(hostile))).toEqual({
      Version: 1,
      AccessKeyId: hostile.accessKeyId,
      SecretAccessKey: hostile.secretAccessKey,
      SessionToken: hostile.sessionToken,
      Expiration: hostile.expiration,
    });
  });
});
