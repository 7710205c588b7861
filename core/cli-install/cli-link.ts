// "Install command line tool": the app carries the `ssotray` executable in its resources and links
// it as `ssotray` into a folder on PATH, so that a terminal finds it and credential_process lines
// can name a path that stays put (the app bundle's own path has spaces and moves on update).
// Linux: ~/.local/bin (the XDG user folder for executables, on PATH in most distributions).
// macOS: /usr/local/bin, on PATH by default; it needs an administrator, asked for by the OS's own
// prompt (osascript "with administrator privileges"). Windows: a folder of ours that the user's
// PATH gets, holding a small ssotray.cmd that runs the executable (a symbolic link there needs
// Developer Mode or an administrator). Plain Node: the OS's tools run through `deps.run`.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import {
  lstat,
  mkdir,
  readFile,
  readlink,
  realpath,
  rm,
  symlink,
  writeFile,
} from "node:fs/promises";
import path from "node:path";

export type Env = Record<string, string | undefined>;

export interface CliLinkDeps {
  platform: NodeJS.Platform;
  /** Whose PATH the link's folder should be on. */
  env: Env;
  /** Where the link goes (Locations.cliLink). */
  link: string;
  /** Runs an OS tool (osascript, powershell); tests pass a stand-in. */
  run?: (file: string, args: readonly string[]) => Promise<string>;
}

export interface CliLinkStatus {
  /** The executable the app carries, or undefined where it has none (a development build). */
  executable?: string;
  /** Where the link goes (or is). */
  link: string;
  /** The link is there and leads to this app's executable. */
  installed: boolean;
  /** The link's folder is on PATH, as the app sees PATH. */
  onPath: boolean;
  /** Something else is at the link's place, said in words; install leaves it alone. */
  conflict?: string;
}

export class CliLinkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CliLinkError";
  }
}

/** The platform's path module: where the link goes is said in the target OS's own terms. */
function paths(platform: NodeJS.Platform): path.PlatformPath {
  return platform === "win32" ? path.win32 : path.posix;
}

function onPath(dir: string, deps: Pick<CliLinkDeps, "platform" | "env">): boolean {
  const p = paths(deps.platform);
  const value = deps.env.PATH ?? deps.env.Path ?? "";
  const norm = (d: string) => {
    const n = p.normalize(d).replace(/[\\/]+$/, "");
    return deps.platform === "win32" ? n.toLowerCase() : n;
  };
  return value
    .split(p.delimiter)
    .filter((d) => d !== "")
    .some((d) => norm(d) === norm(dir));
}

/**
 * The Windows shim: runs the executable with every argument, and returns its exit status. A
 * batch file is read again by cmd.exe's percent expansion, so a `%` in the path is written `%%`;
 * and it is read in the console's code page, not UTF-8, so the executable's place under
 * %LOCALAPPDATA% (where the user's folder, whatever its name, is) goes through the variable.
 * A path that would still hold more than ASCII is refused.
 */
export function windowsShim(executable: string, env: Env): string {
  const local = env.LOCALAPPDATA?.replace(/\\+$/, "");
  const under =
    local !== undefined &&
    local !== "" &&
    executable.toLowerCase().startsWith(`${local.toLowerCase()}\\`);
  const rest = (under ? executable.slice(local.length) : executable).replaceAll("%", "%%");
  const target = under ? `%LOCALAPPDATA%${rest}` : rest;
  if (/\P{ASCII}/u.test(target))
    throw new CliLinkError(
      `The command line tool cannot be linked from ${executable}: cmd.exe would misread a path with characters outside ASCII in its shim. Install SSO Tray in its default place, under %LOCALAPPDATA%`,
    );
  return `@"${target}" %*\r\n`;
}

/** Whether a shim's text runs `executable`: as this version writes it, or as earlier ones did. */
function shimRuns(text: string, executable: string, env: Env): boolean {
  // Earlier versions spelled the path out, which runs it where nothing in it is read otherwise.
  if (text === `@"${executable}" %*\r\n`)
    return /^[\u0020-\u007e]+$/.test(executable) && !executable.includes("%");
  try {
    return text === windowsShim(executable, env);
  } catch {
    return false;
  }
}

/** Whether the Windows shim at `link` runs `executable` (false when there is none). */
export function windowsShimRuns(link: string, executable: string, env: Env): boolean {
  let text: string;
  try {
    text = readFileSync(link, "utf8");
  } catch {
    return false;
  }
  return shimRuns(text, executable, env);
}

/** What is at the link's place: our link, nothing, or something else (said in words). */
async function inspect(
  link: string,
  executable: string | undefined,
  deps: CliLinkDeps,
): Promise<{ installed: boolean; conflict?: string; ours: boolean }> {
  let stat;
  try {
    stat = await lstat(link);
  } catch {
    return { installed: false, ours: false };
  }
  if (deps.platform === "win32") {
    const text = await readFile(link, "utf8").catch(() => "");
    const ours = /^@"[^"]+ssotray\.exe" %\*\r?\n$/.test(text);
    const installed = executable !== undefined && shimRuns(text, executable, deps.env);
    return ours
      ? { installed, ours }
      : { installed: false, ours, conflict: `${link} is a file SSO Tray did not write` };
  }
  if (!stat.isSymbolicLink())
    return {
      installed: false,
      ours: false,
      conflict: `${link} is a file SSO Tray did not make (another ssotray?); remove it first to link this one`,
    };
  const target = await readlink(link);
  const resolved = paths(deps.platform).resolve(paths(deps.platform).dirname(link), target);
  let same = false;
  if (executable !== undefined)
    same = await Promise.all([realpath(link), realpath(executable)]).then(
      ([a, b]) => a === b,
      () => false,
    );
  // A link to an `ssotray` executable (not npm's ssotray.mjs) is ours, from this or an older app.
  const ours = paths(deps.platform).basename(resolved) === "ssotray";
  if (same) return { installed: true, ours: true };
  return ours
    ? { installed: false, ours }
    : {
        installed: false,
        ours,
        conflict: `${link} is a link to ${target}, which SSO Tray did not make; remove it first to link this one`,
      };
}

export async function cliLinkStatus(
  executable: string | undefined,
  deps: CliLinkDeps,
): Promise<CliLinkStatus> {
  const link = deps.link;
  const found = await inspect(link, executable, deps);
  return {
    ...(executable !== undefined ? { executable } : {}),
    link,
    installed: found.installed,
    onPath: onPath(paths(deps.platform).dirname(link), deps),
    ...(found.conflict !== undefined ? { conflict: found.conflict } : {}),
  };
}

function defaultRun(file: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(file, args, { windowsHide: true, encoding: "utf8" }, (error, stdout, stderr) =>
      error ? reject(new CliLinkError(stderr.trim() || error.message)) : resolve(stdout),
    ),
  );
}

/** A word for sh, in single quotes. */
function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** An AppleScript string literal. */
function appleScriptString(value: string): string {
  return `"${value.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;
}

/** A PowerShell string literal, in single quotes. */
function powerShellString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** The shell command that makes the link on macOS, run as an administrator when needed. */
export function macLinkCommand(executable: string, link: string): string {
  return `mkdir -p ${shellQuote(path.posix.dirname(link))} && ln -sfn ${shellQuote(executable)} ${shellQuote(link)}`;
}

/** The PowerShell that adds (or takes out) a folder on the user's PATH, leaving the rest be. */
export function windowsPathScript(dir: string, add: boolean): string {
  const d = powerShellString(dir);
  return [
    `$dir = ${d}`,
    `$old = [Environment]::GetEnvironmentVariable('Path', 'User')`,
    `$parts = @(if ($old) { $old -split ';' | Where-Object { $_ -ne '' -and $_.TrimEnd('\\') -ine $dir.TrimEnd('\\') } })`,
    add ? `$parts = $parts + $dir` : ``,
    `[Environment]::SetEnvironmentVariable('Path', ($parts -join ';'), 'User')`,
  ]
    .filter((l) => l !== "")
    .join("; ");
}

export async function installCliLink(
  executable: string | undefined,
  deps: CliLinkDeps,
): Promise<CliLinkStatus> {
  if (executable === undefined)
    throw new CliLinkError(
      "This build of SSO Tray carries no ssotray executable (npm run package:cli builds one); install the command line from npm instead",
    );
  const run = deps.run ?? defaultRun;
  const link = deps.link;
  const p = paths(deps.platform);
  const found = await inspect(link, executable, deps);
  if (found.conflict !== undefined) throw new CliLinkError(found.conflict);
  if (!found.installed) {
    if (deps.platform === "win32") {
      await mkdir(p.dirname(link), { recursive: true });
      await writeFile(link, windowsShim(executable, deps.env));
      await run("powershell.exe", [
        "-NoProfile",
        "-NonInteractive",
        "-Command",
        windowsPathScript(p.dirname(link), true),
      ]);
    } else {
      try {
        await mkdir(p.dirname(link), { recursive: true });
        if (found.ours) await rm(link, { force: true });
        await symlink(executable, link);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (deps.platform !== "darwin" || (code !== "EACCES" && code !== "EPERM")) throw error;
        // /usr/local/bin belongs to root: the OS asks the user for an administrator's password.
        await run("osascript", [
          "-e",
          `do shell script ${appleScriptString(macLinkCommand(executable, link))} with administrator privileges`,
        ]);
      }
    }
  }
  return cliLinkStatus(executable, deps);
}

/** Takes the link away again; only a link that leads to this app's executable. */
export async function removeCliLink(
  executable: string | undefined,
  deps: CliLinkDeps,
): Promise<CliLinkStatus> {
  const run = deps.run ?? defaultRun;
  const link = deps.link;
  const found = await inspect(link, executable, deps);
  if (found.installed) {
    if (deps.platform === "win32") {
      await rm(link, { force: true });
      await run("powershell.exe", [
        "-NoProfile",
        "-NonInteractive",
        "-Command",
        windowsPathScript(paths(deps.platform).dirname(link), false),
      ]);
    } else {
      try {
        await rm(link);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (deps.platform !== "darwin" || (code !== "EACCES" && code !== "EPERM")) throw error;
        await run("osascript", [
          "-e",
          `do shell script ${appleScriptString(`rm -f ${shellQuote(link)}`)} with administrator privileges`,
        ]);
      }
    }
  } else if (found.conflict !== undefined) {
    throw new CliLinkError(`${found.conflict.split(";")[0]}; SSO Tray leaves it as it is`);
  }
  return cliLinkStatus(executable, deps);
}
