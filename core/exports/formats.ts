// Role credentials as text a shell (or a tool) can take in. Every value is quoted for its target
// so that whatever it holds reaches the variable unchanged, or the format refuses it.
import type { CredentialFormat, RoleCredentials } from "../../shared/model.js";
import { credentialEnv, type EnvPair, type ExportOptions } from "./env-vars.js";

export type { ExportOptions } from "./env-vars.js";

export class UnsafeValueError extends Error {
  constructor(format: string, name: string) {
    super(
      `${name} holds characters that ${format} cannot carry safely; use --format powershell or json instead`,
    );
    this.name = "UnsafeValueError";
  }
}

/** POSIX shells: inside single quotes nothing is special, so a quote is closed, escaped, reopened. */
export function posixQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/**
 * fish: inside single quotes only \\ and \' are escapes (fish-shell docs, "Quotes"). A line break
 * is refused: the fish format is one line (see formatCredentials) and must stay one.
 */
export function fishQuote(value: string, name = "a value"): string {
  if (/[\r\n]/.test(value)) throw new UnsafeValueError("fish", name);
  return `'${value.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
}

/**
 * PowerShell: a single-quoted string doubles its quote; PowerShell also treats the typographic
 * single quotes (U+2018..U+201B) as quote characters, so those are doubled too.
 */
export function powershellQuote(value: string): string {
  return `'${value.replace(/['\u2018\u2019\u201A\u201B]/g, (q) => q + q)}'`;
}

/**
 * cmd.exe: `set NAME=value` takes the rest of the line; ^ escapes the operators. A % or ! can
 * expand a variable at the prompt with no escape that works both there and in a batch file, and a
 * quote or line break changes the parse, so those are refused (credentials never contain them).
 */
export function cmdValue(name: string, value: string): string {
  if (/["%!\r\n]/.test(value)) throw new UnsafeValueError("cmd", name);
  return value.replace(/[\^&|<>()]/g, (c) => `^${c}`);
}

/** dotenv: bare when plain, else single quotes (literal in dotenv), else escaped double quotes. */
export function dotenvValue(name: string, value: string): string {
  if (/^[\w+/=.:@-]*$/.test(value)) return value;
  if (!/['\r\n]/.test(value)) return `'${value}'`;
  if (/["\r\n\\]/.test(value)) throw new UnsafeValueError("dotenv", name);
  return `"${value}"`;
}

function lines(pairs: EnvPair[], line: (name: string, value: string) => string): string {
  return pairs.map(([name, value]) => line(name, value)).join("\n") + "\n";
}

export function formatCredentials(
  creds: RoleCredentials,
  format: CredentialFormat,
  options: ExportOptions = {},
): string {
  const pairs = credentialEnv(creds, options);
  switch (format) {
    case "bash":
    case "zsh":
      return lines(pairs, (name, value) => `export ${name}=${posixQuote(value)}`);
    case "fish":
      // One line: `eval (…)` splits a command substitution at line breaks into separate
      // arguments, so one `set` per line left the first variable a list of every line's words.
      // Joined by `;` the same text works with `eval (…)` and with `| source`.
      return (
        pairs.map(([name, value]) => `set -gx ${name} ${fishQuote(value, name)}`).join("; ") + "\n"
      );
    case "powershell":
      return lines(pairs, (name, value) => `$Env:${name} = ${powershellQuote(value)}`);
    case "cmd":
      return lines(pairs, (name, value) => `set ${name}=${cmdValue(name, value)}`);
    case "dotenv":
      return lines(pairs, (name, value) => `${name}=${dotenvValue(name, value)}`);
    case "json":
      return JSON.stringify(Object.fromEntries(pairs), null, 2) + "\n";
  }
}
