// `npm run demo`: SSO Tray against a local IAM Identity Center simulator, for trying it without an
// AWS organisation. Everything (AWS config, token cache, settings) lives in a throwaway folder, so
// the user's own ~/.aws is never touched. Ctrl+C stops both.
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { startSimulator } from "../simulator/index.js";
import { ELECTRON_MISSING, electronBinary } from "./electron-binary.mjs";

const sim = await startSimulator({
  accounts: 300,
  rolesPerAccount: [1, 4],
  latencyMs: 60,
  portalRateLimit: 20,
});
const home = await mkdtemp(path.join(tmpdir(), "ssotray-demo-"));
await mkdir(path.join(home, ".aws"), { recursive: true });
await writeFile(
  path.join(home, ".aws", "config"),
  `[sso-session demo]\nsso_start_url = ${sim.startUrl}\nsso_region = ${sim.region}\nsso_registration_scopes = sso:account:access\n`,
);
const env = {
  ...process.env,
  ...sim.env,
  HOME: home,
  SSOTRAY_HOME: path.join(home, "ssotray"),
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
};

console.log(`Simulator: ${sim.url} (300 sample accounts, 20 calls/s like AWS)`);
console.log(`Demo home: ${home}`);
console.log("In the app, click Sign in on the 'demo' session: the simulator approves at once.");
console.log(
  `The CLI shares the sign-in:  HOME=${home} ${Object.entries(sim.env)
    .map(([k, v]) => `${k}=${v}`)
    .join(" ")} node bin/ssotray.mjs accounts`,
);

const electron = electronBinary();
if (!electron) {
  console.error(ELECTRON_MISSING);
  console.error(
    "The simulator keeps running: try the command line above against it; Ctrl+C to stop.",
  );
  await new Promise(() => undefined);
  process.exit(1);
}
const child = spawn(electron, [path.resolve("dist-electron/main.js"), "--window"], {
  env,
  stdio: "inherit",
});
const stop = () => {
  child.kill();
  void sim.close().then(() => process.exit(0));
};
child.on("exit", stop);
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
