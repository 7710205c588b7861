// `npm run demo`: SSO Tray against a local IAM Identity Center simulator, for trying it without an
// AWS organisation. Everything (AWS config, token cache, settings) lives in a throwaway folder, so
// the user's own ~/.aws is never touched. Ctrl+C stops both.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { startSimulator } from "../simulator/index.js";
import { ensureElectron } from "./electron-binary.mjs";
import { setTenant } from "../core/account-access/tenant-store.js";
import { resolveLocations } from "../core/locations.js";

const sim = await startSimulator({
  accounts: 300,
  rolesPerAccount: [1, 4],
  latencyMs: 60,
  portalRateLimit: 20,
  // The documentation's examples (payments-prod, 111111111111, tenant aa-example) work against the demo as written.
  exampleAccounts: true,
  // Account access manager: a dozen roles entitled beyond the permission sets, two of them in
  // accounts the portal does not list.
  accountAccessTenant: "aa-example",
  entitledRoles: 12,
  entitledElsewhere: 2,
});
const home = await mkdtemp(path.join(tmpdir(), "ssotray-demo-"));
let child: ChildProcess | undefined;
let stopping = false;
/** Ends the app and the simulator and removes the throwaway home, once, however the demo ends. */
const stop = (code: number) => {
  if (stopping) return;
  stopping = true;
  child?.kill();
  void sim
    .close()
    .catch(() => undefined)
    .then(() => rm(home, { recursive: true, force: true }))
    .finally(() => process.exit(code));
};
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));
process.on("SIGHUP", () => stop(0));

await mkdir(path.join(home, ".aws"), { recursive: true });
await writeFile(
  path.join(home, ".aws", "config"),
  `[sso-session demo]\nsso_start_url = ${sim.startUrl}\nsso_region = ${sim.region}\nsso_registration_scopes = sso:account:access\n`,
);
const demoEnv: Record<string, string> = {
  HOME: home,
  SSOTRAY_HOME: path.join(home, "ssotray"),
  ...sim.env,
};
// The demo session names its account access tenant, as `ssotray login --tenant-id` would.
await setTenant(resolveLocations(demoEnv), { name: "demo", startUrl: sim.startUrl }, "aa-example");
const env = { ...process.env, ...demoEnv };

console.log(`Simulator: ${sim.url} (300 sample accounts, 20 calls/s like AWS)`);
console.log(`Demo home: ${home} (removed when the demo ends)`);
// Every variable the app runs with, so the CLI shares its sign-in, settings and caches.
console.log(
  `The CLI shares the sign-in:  ${Object.entries(demoEnv)
    .map(([k, v]) => `${k}=${v}`)
    .join(" ")} node bin/ssotray.mjs login`,
);

const electron = await ensureElectron();
if ("message" in electron) {
  console.error(electron.message);
  console.error(
    "The simulator keeps running: try the command line above against it; Ctrl+C to stop.",
  );
} else {
  console.log("In the app, click Sign in on the 'demo' session: the simulator approves at once.");
  child = spawn(electron.binary, [path.resolve("dist-electron/main.js"), "--window"], {
    env,
    stdio: "inherit",
  });
  child.on("exit", () => stop(0));
}
