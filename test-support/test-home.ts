// Test support: an isolated HOME with its own ~/.aws, and a "browser" that follows the authorize
// redirect the way a real one does. Imported by tests only.
import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { resolveLocations, type Locations } from "../core/locations.js";

export type Env = Record<string, string | undefined>;

export interface TestHome {
  dir: string;
  env: Env;
  /** Resolved from `env` each time it is read, so a test may still change `env`. */
  readonly locations: Locations;
  configPath: string;
  cacheDir: string;
  writeConfig(text: string): Promise<void>;
  readConfig(): Promise<string>;
}

/** `endpoints`: the simulator's AWS_ENDPOINT_URL_* variables (or others to add to the env). */
export async function tempHome(endpoints: object = {}): Promise<TestHome> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "ssotray-home-"));
  const configPath = path.join(dir, ".aws", "config");
  await mkdir(path.dirname(configPath), { recursive: true });
  const home: TestHome = {
    dir,
    env: { HOME: dir, USERPROFILE: dir, AWS_CONFIG_FILE: configPath, ...(endpoints as Env) },
    get locations() {
      return resolveLocations(home.env);
    },
    configPath,
    cacheDir: path.join(dir, ".aws", "sso", "cache"),
    writeConfig: (text) => writeFile(configPath, text),
    readConfig: () => readFile(configPath, "utf8").catch(() => ""),
  };
  return home;
}

/** Opens the authorize URL as a browser would: GET, then follow the redirect to our listener. */
export function followingBrowser(seen: string[] = []): (url: string) => Promise<void> {
  return async (url: string) => {
    seen.push(url);
    let next: string | null = url;
    for (let hops = 0; next && hops < 5; hops++) {
      const res: Response = await fetch(next, { redirect: "manual" });
      const location = res.headers.get("location");
      await res.arrayBuffer();
      next = location ? new URL(location, next).toString() : null;
    }
  };
}
