import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ConsoleBrowser } from "../../shared/console-browser.js";
import { BrowserNotFoundError } from "./browser-locations.js";
import { consoleLaunchCommand, containerLink } from "./launch-command.js";
import { BrowserLaunchError, openConsoleIn } from "./launch.js";
import { standIns, type StandIns } from "../../test-support/stand-in-browser.js";

// A console link as the federation endpoint makes them: `&`, `=`, `%` and a `;` a shell would split.
const LINK =
  "https://signin.aws.amazon.com/federation?Action=login&Issuer=https%3A%2F%2Facme&Destination=https%3A%2F%2Fconsole.aws.amazon.com%2F&SigninToken=a;b$(touch%20x)";

let s: StandIns;
beforeEach(() => {
  s = standIns();
});
afterEach(() => s.cleanup());

function linuxEnv(): Record<string, string> {
  return { PATH: s.bin, HOME: s.dir };
}

const CHROMIUM_FAMILY = [
  ["chrome", "google-chrome"],
  ["chromium", "chromium"],
  ["edge", "microsoft-edge"],
  ["brave", "brave-browser"],
] as const;

describe("opening a console on Linux", () => {
  it("hands the link to xdg-open alone for the default browser", async () => {
    s.program("xdg-open");
    await openConsoleIn({ kind: "default" }, LINK, { env: linuxEnv(), platform: "linux" });
    expect(s.starts()).toEqual([[LINK]]);
  });

  for (const [browser, name] of CHROMIUM_FAMILY) {
    it(`starts ${name} with --profile-directory and the link as its own last argument`, async () => {
      s.program(name);
      await openConsoleIn({ kind: "browser", browser, profile: "Profile 2" }, LINK, {
        env: linuxEnv(),
        platform: "linux",
      });
      expect(s.starts()).toEqual([["--profile-directory=Profile 2", LINK]]);
    });
  }

  it("starts Firefox with -P and the profile as separate arguments", async () => {
    s.program("firefox-esr");
    await openConsoleIn({ kind: "browser", browser: "firefox", profile: "work" }, LINK, {
      env: linuxEnv(),
      platform: "linux",
    });
    expect(s.starts()).toEqual([["-P", "work", LINK]]);
  });

  it("starts a browser without a profile with the link alone", async () => {
    s.program("chromium-browser");
    await openConsoleIn({ kind: "browser", browser: "chromium" }, LINK, {
      env: linuxEnv(),
      platform: "linux",
    });
    expect(s.starts()).toEqual([[LINK]]);
  });

  it("opens a Firefox container through the add-on's link, the console link inside it intact", async () => {
    s.program("firefox");
    await openConsoleIn({ kind: "container", container: "prod & co", profile: "aws" }, LINK, {
      env: linuxEnv(),
      platform: "linux",
    });
    const [[p, profile, target]] = s.starts() as [[string, string, string]];
    expect([p, profile]).toEqual(["-P", "aws"]);
    expect(target).toBe(containerLink("prod & co", LINK));
    // What the add-on reads back: the container's name and the whole console link.
    const params = new URLSearchParams(target!.slice("ext+container:".length));
    expect(params.get("name")).toBe("prod & co");
    expect(params.get("url")).toBe(LINK);
    expect([...params.keys()]).toEqual(["name", "url"]);
  });

  it("says which browser is missing and where it looked", async () => {
    await expect(
      openConsoleIn({ kind: "browser", browser: "brave", profile: "x" }, LINK, {
        env: linuxEnv(),
        platform: "linux",
      }),
    ).rejects.toThrow(
      /Brave is not installed where SSO Tray looks for it \(on your PATH \(looked for brave-browser, brave\)\)/,
    );
    expect(s.starts()).toEqual([]);
  });

  it("reports an opener that fails, as xdg-open does without a desktop (status 3)", async () => {
    s.program("xdg-open", { status: 3 });
    const opening = openConsoleIn({ kind: "default" }, LINK, {
      env: linuxEnv(),
      platform: "linux",
    });
    await expect(opening).rejects.toThrow(BrowserLaunchError);
    await expect(opening).rejects.toThrow(/xdg-open exited with status 3 without opening the link/);
  });

  it("reports a browser that cannot be started at all", async () => {
    // Found on PATH, but not a program the system can run.
    writeFileSync(path.join(s.bin, "firefox"), "#!/nonexistent/interpreter\n", { mode: 0o755 });
    await expect(
      openConsoleIn({ kind: "browser", browser: "firefox" }, LINK, {
        env: linuxEnv(),
        platform: "linux",
      }),
    ).rejects.toThrow(/Could not start Firefox \(.*firefox\): .*ENOENT/);
  });
});

describe("opening a console on macOS", () => {
  const cases: Array<[ConsoleBrowser, string, string[]]> = [
    [
      { kind: "browser", browser: "chrome", profile: "Work" },
      "Google Chrome.app",
      ["--profile-directory=Work"],
    ],
    [
      { kind: "browser", browser: "chromium", profile: "Work" },
      "Chromium.app",
      ["--profile-directory=Work"],
    ],
    [
      { kind: "browser", browser: "edge", profile: "Work" },
      "Microsoft Edge.app",
      ["--profile-directory=Work"],
    ],
    [
      { kind: "browser", browser: "brave", profile: "Work" },
      "Brave Browser.app",
      ["--profile-directory=Work"],
    ],
    [{ kind: "browser", browser: "firefox", profile: "Work" }, "Firefox.app", ["-P", "Work"]],
  ];
  for (const [choice, bundle, switches] of cases) {
    it(`runs open -na '${bundle}' --args with the switches, then the link`, async () => {
      s.program("open");
      const apps = path.join(s.dir, "Applications", bundle);
      mkdirSync(apps, { recursive: true });
      await openConsoleIn(choice, LINK, { env: linuxEnv(), platform: "darwin" });
      expect(s.starts()).toEqual([["-na", apps, "--args", ...switches, LINK]]);
    });
  }

  it("opens a container link in Firefox.app", async () => {
    s.program("open");
    const apps = path.join(s.dir, "Applications", "Firefox.app");
    mkdirSync(apps, { recursive: true });
    await openConsoleIn({ kind: "container", container: "prod" }, LINK, {
      env: linuxEnv(),
      platform: "darwin",
    });
    expect(s.starts()).toEqual([["-na", apps, "--args", containerLink("prod", LINK)]]);
  });

  it("hands the link to open alone for the default browser", async () => {
    s.program("open");
    await openConsoleIn({ kind: "default" }, LINK, { env: linuxEnv(), platform: "darwin" });
    expect(s.starts()).toEqual([[LINK]]);
  });

  it("names the folders it looked in when the app is missing", () => {
    expect(() =>
      consoleLaunchCommand({ kind: "browser", browser: "edge" }, LINK, {
        env: linuxEnv(),
        platform: "darwin",
      }),
    ).toThrow(/Microsoft Edge is not installed .*in \/Applications or ~\/Applications/);
  });
});

describe("opening a console on Windows", () => {
  const env = {
    ProgramFiles: "C:\\Program Files",
    "ProgramFiles(x86)": "C:\\Program Files (x86)",
    LOCALAPPDATA: "C:\\Users\\me\\AppData\\Local",
  };
  const installed = (file: string) => (f: string) => f === file;
  const cases: Array<[ConsoleBrowser, string, string[]]> = [
    [
      { kind: "browser", browser: "chrome", profile: "Default" },
      "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe",
      ["--profile-directory=Default"],
    ],
    [
      { kind: "browser", browser: "chromium", profile: "Default" },
      "C:\\Users\\me\\AppData\\Local\\Chromium\\Application\\chrome.exe",
      ["--profile-directory=Default"],
    ],
    [
      { kind: "browser", browser: "edge", profile: "Default" },
      "C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe",
      ["--profile-directory=Default"],
    ],
    [
      { kind: "browser", browser: "brave", profile: "Default" },
      "C:\\Users\\me\\AppData\\Local\\BraveSoftware\\Brave-Browser\\Application\\brave.exe",
      ["--profile-directory=Default"],
    ],
    [
      { kind: "browser", browser: "firefox", profile: "work" },
      "C:\\Program Files\\Mozilla Firefox\\firefox.exe",
      ["-P", "work"],
    ],
  ];
  for (const [choice, exe, switches] of cases) {
    it(`runs ${exe.split("\\").pop()} from where its installer puts it`, () => {
      expect(
        consoleLaunchCommand(choice, LINK, { env, platform: "win32", exists: installed(exe) }),
      ).toMatchObject({ program: exe, args: [...switches, LINK] });
    });
  }

  it("opens a container link with firefox.exe", () => {
    const exe = "C:\\Program Files\\Mozilla Firefox\\firefox.exe";
    expect(
      consoleLaunchCommand({ kind: "container", container: "dev" }, LINK, {
        env,
        platform: "win32",
        exists: installed(exe),
      }),
    ).toMatchObject({ program: exe, args: [containerLink("dev", LINK)] });
  });

  it("hands the link to rundll32 for the default browser, never to cmd's start", () => {
    expect(
      consoleLaunchCommand({ kind: "default" }, LINK, { env, platform: "win32" }),
    ).toMatchObject({ program: "rundll32", args: ["url.dll,FileProtocolHandler", LINK] });
  });

  it("says where it looked when the browser is missing", () => {
    expect(() =>
      consoleLaunchCommand({ kind: "browser", browser: "chrome" }, LINK, {
        env,
        platform: "win32",
        exists: () => false,
      }),
    ).toThrow(BrowserNotFoundError);
  });
});

describe("what may reach a browser's command line", () => {
  it.each(["--user-data-dir=/tmp/x", "-new-instance", "a/b", "..\\x", "a\nb", ""])(
    "refuses the profile name %j",
    (profile) => {
      expect(() =>
        consoleLaunchCommand({ kind: "browser", browser: "chrome", profile }, LINK, {
          env: linuxEnv(),
          platform: "linux",
          exists: () => true,
        }),
      ).toThrow(/A browser profile name is 1 to 64 characters/);
    },
  );

  it("refuses a container name that starts with a dash", () => {
    expect(() =>
      consoleLaunchCommand({ kind: "container", container: "-x" }, LINK, {
        env: linuxEnv(),
        platform: "linux",
        exists: () => true,
      }),
    ).toThrow(/A container name/);
  });

  it("opens only web addresses", () => {
    expect(() =>
      consoleLaunchCommand({ kind: "default" }, "file:///etc/passwd", {
        env: linuxEnv(),
        platform: "linux",
      }),
    ).toThrow(/not a web address/);
  });
});
