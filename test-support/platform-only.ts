// Tests that need what only some systems have (strace, setpriv, unshare, Debian's packages) are
// skipped elsewhere by name: the reason goes into the test's title, so a run on macOS or Windows
// says what did not run there and why, rather than skipping because a tool happens to be missing.
// Where they do run, nothing changes: a missing tool with CI set still fails them.

export interface PlatformGate {
  /** Whether the tests run on this system. */
  readonly runs: boolean;
  /** The probe's result on a system where the tests run; elsewhere undefined, without probing. */
  probe<T>(probe: () => T): T | undefined;
  /** The test's title, with the reason it is skipped added on a system where it does not run. */
  title(name: string): string;
}

const NAMES: Partial<Record<NodeJS.Platform, string>> = {
  linux: "Linux",
  darwin: "macOS",
  win32: "Windows",
};

export function onlyOn(
  platforms: readonly NodeJS.Platform[],
  reason: string,
  platform: NodeJS.Platform = process.platform,
): PlatformGate {
  const runs = platforms.includes(platform);
  const where = platforms.map((p) => NAMES[p] ?? p).join(" and ");
  return {
    runs,
    probe: (probe) => (runs ? probe() : undefined),
    title: (name) =>
      runs ? name : `${name} [skipped on ${NAMES[platform] ?? platform}: ${where} only, ${reason}]`,
  };
}

/** For tests that need a Linux tool: `linuxOnly("strace's fault injection")`. */
export function linuxOnly(reason: string, platform: NodeJS.Platform = process.platform) {
  return onlyOn(["linux"], reason, platform);
}
