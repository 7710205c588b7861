// The app's service behind a real proxy (Debian's tinyproxy) against the simulator serving TLS
// with a CA of its own: a browser (PKCE) sign-in, the account sync, role credentials and a
// console link all go through CONNECT tunnels, and the proxy chosen in Settings takes effect at
// the next call. The "browser" here connects directly: a real one has its own proxy settings.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import https from "node:https";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Events } from "../../shared/api.js";
import { startSimulator, type Simulator } from "../../simulator/index.js";
import { createNodePlatform } from "../platform/node-platform.js";
import { AppService } from "../service/service.js";
import { ListAccountsCommand } from "@aws-sdk/client-sso";
import { createPortalClient } from "./aws-clients.js";
import {
  freePort,
  startTinyproxy,
  tinyproxyCommand,
  tinyproxyGate,
  type Tinyproxy,
} from "../../test-support/tinyproxy.js";
import { resolveLocations } from "../locations.js";

let sim: Simulator;
let proxy: Tinyproxy;
let home: string;
let ca: string;

/** GET, following redirects, trusting the simulator's CA (http:// for our own callback listener). */
async function browse(url: string): Promise<void> {
  let next: string | undefined = url;
  for (let hops = 0; next && hops < 5; hops++) {
    const target: URL = new URL(next);
    const location = await new Promise<string | undefined>((resolve, reject) => {
      const request = target.protocol === "https:" ? https.get : httpGet;
      request(target, { ca }, (res) => {
        res.resume();
        res.on("end", () => resolve(res.headers.location));
      }).on("error", reject);
    });
    next = location ? new URL(location, target).toString() : undefined;
  }
}
const httpGet = (await import("node:http")).get;

beforeAll(async () => {
  if (!tinyproxyCommand) return;
  sim = await startSimulator({ tls: true, accounts: 5, rolesPerAccount: 2, seed: 61 });
  ca = await readFile(sim.caPath ?? "", "utf8");
  proxy = await startTinyproxy();
  home = await mkdtemp(path.join(os.tmpdir(), "ssotray-proxy-service-"));
}, 60_000);
afterAll(async () => {
  await Promise.all([sim?.close(), proxy?.stop()]);
  if (home) await rm(home, { recursive: true, force: true });
});

const PROXIED = tinyproxyGate.title("the app behind a proxy, against TLS with a private CA");
describe.skipIf(!tinyproxyCommand)(PROXIED, () => {
  it("signs in with the browser, syncs, copies credentials and a console link through the proxy chosen in Settings", async () => {
    const dead = `http://127.0.0.1:${await freePort()}`;
    const env = {
      HOME: home,
      SSOTRAY_HOME: path.join(home, "ssotray"),
      AWS_CONFIG_FILE: path.join(home, ".aws", "config"),
      // The environment names a proxy that is not there; Settings name the one that is.
      HTTPS_PROXY: dead,
      AWS_CA_BUNDLE: sim.caPath ?? "",
      SSOTRAY_NETWORK_TIMEOUT_MS: "2000",
      ...sim.env,
    };
    const platform = createNodePlatform({ open: browse });
    const service = new AppService({ env, locations: resolveLocations(env), platform });
    const events: Array<{ event: keyof Events; payload: unknown }> = [];
    service.onAny((event, payload) => events.push({ event, payload }));
    try {
      await service.updateSettings({ proxyMode: "url", proxyUrl: proxy.url });
      const before = (await proxy.requests()).length;

      await service.addSession({ startUrl: sim.startUrl, region: sim.region, name: "acme" });
      await service.signIn({ session: "acme", method: "browser" });
      // The sign-in screen says the browser's proxy is the browser's own.
      expect(events.find((e) => e.event === "signInPrompt")?.payload).toMatchObject({
        proxyNote: `Your browser uses its own proxy settings for this page, not the proxy ${proxy.url} (from SSO Tray's Settings) that SSO Tray's calls go through`,
      });
      const list = await completed(events);
      expect(list.accounts).toHaveLength(5);
      const [account] = list.accounts;
      const first = { session: "acme", accountId: account?.accountId ?? "", roleName: "" };
      first.roleName = account?.roles[0] ?? "";
      await service.copyCredentials({ role: first, format: "json" });
      expect(JSON.parse(await platform.clipboard.readText())).toMatchObject({
        AWS_ACCESS_KEY_ID: expect.stringMatching(/^ASIA/),
      });
      await service.copyConsoleLink({ role: first });
      expect(await platform.clipboard.readText()).toMatch(
        new RegExp(`^${sim.url}/federation\\?Action=login&`),
      );

      const tunnels = (await proxy.requests()).slice(before);
      expect(tunnels.length).toBeGreaterThanOrEqual(3);
      expect(new Set(tunnels)).toEqual(new Set([`CONNECT 127.0.0.1:${sim.port} HTTP/1.1`]));
      expect(sim.requestLog().map((r) => r.api)).toEqual(
        expect.arrayContaining(["Authorize", "CreateToken", "ListAccounts", "GetSigninToken"]),
      );

      // Back to the environment: the next call goes to the dead proxy and says so.
      await service.updateSettings({ proxyMode: "environment" });
      const second = { ...first, roleName: account?.roles[1] ?? "" };
      await expect(service.copyCredentials({ role: second, format: "json" })).rejects.toThrow(
        `Could not connect to the proxy ${dead} (from the variable HTTPS_PROXY) (ECONNREFUSED)`,
      );
      // None: straight to the simulator, the variable ignored.
      await service.updateSettings({ proxyMode: "none" });
      await service.copyCredentials({ role: second, format: "json" });
    } finally {
      service.dispose();
    }
  });

  it("sends requests to a plain-HTTP endpoint through HTTP_PROXY as absolute-URI requests", async () => {
    const plain = await startSimulator({ accounts: 3, rolesPerAccount: 1, seed: 62 });
    const env = {
      AWS_ENDPOINT_URL_SSO: plain.url,
      HTTP_PROXY: proxy.url,
      SSOTRAY_NETWORK_TIMEOUT_MS: "2000",
    };
    const client = createPortalClient(plain.region, env, resolveLocations(env));
    try {
      const before = (await proxy.requests()).length;
      const answer = await client.send(
        new ListAccountsCommand({ accessToken: plain.issueToken().accessToken }),
      );
      expect(answer.accountList).toHaveLength(3);
      const forwarded = (await proxy.requests()).slice(before);
      expect(forwarded).toEqual([
        expect.stringMatching(
          new RegExp(`^GET ${plain.url}/assignment/accounts(\\?\\S*)? HTTP/1\\.1$`),
        ),
      ]);
    } finally {
      client.destroy();
      await plain.close();
    }
  });
});

async function completed(events: Array<{ event: keyof Events; payload: unknown }>) {
  for (let i = 0; i < 600; i++) {
    const done = events.find(
      (e) => e.event === "accounts" && (e.payload as Events["accounts"]).complete,
    );
    if (done) return done.payload as Events["accounts"];
    const failed = events.find(
      (e) => e.event === "accounts" && (e.payload as Events["accounts"]).error,
    );
    if (failed) throw new Error((failed.payload as Events["accounts"]).error);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("the account sync did not complete");
}
