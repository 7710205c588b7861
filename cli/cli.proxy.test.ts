// The real `ssotray`, as a process, behind a real proxy (Debian's tinyproxy) against the
// simulator serving TLS with a CA of its own: every command that goes to the network works
// through the proxy's CONNECT tunnels with the CA given any of the three ways, and every way the
// proxy or the certificate can fail ends the command with one line naming the proxy or host and
// the setting to change. Processes, not calls: NODE_EXTRA_CA_CERTS is read when Node starts.
import { execFile, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../simulator/index.js";
import { makeSimulatorTls, OTHER_HOST_NAME, type SimulatorTls } from "../simulator/tls.js";
import { buildCli } from "../scripts/build-cli.mjs";
import {
  cliHome,
  removeCliHomes,
  type CliHome,
  type CliHomeOptions,
} from "../test-support/cli-home.js";
import { startTlsFront } from "../test-support/tls-front.js";
import {
  freePort,
  startTinyproxy,
  tinyproxyCommand,
  tinyproxyGate,
  type Tinyproxy,
} from "../test-support/tinyproxy.js";

const run = promisify(execFile);
// A build of its own: cli.test.ts may be rebuilding dist-cli/ while these run.
const buildDir = mkdtempSync(path.join(os.tmpdir(), "ssotray-proxy-cli-"));
const BIN = path.join(buildDir, "ssotray.mjs");
const KILL_AFTER_MS = 30_000;

let sim: Simulator;
let proxy: Tinyproxy;
let guarded: Tinyproxy;
let otherCa: SimulatorTls;
let expiredSim: Simulator;
let otherNameSim: Simulator;
const USER = "alice";
const PASSWORD = "s3cret";

function makeHome(options: CliHomeOptions = {}): CliHome {
  return cliHome(sim, {
    ...options,
    signedIn: options.signedIn ?? false,
    env: { SSOTRAY_NETWORK_TIMEOUT_MS: "2000", ...options.env },
  });
}

async function ssotray(env: Record<string, string>, ...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      env,
      timeout: KILL_AFTER_MS,
    });
    return { code: 0 as number | null, stdout, stderr, killed: false };
  } catch (error) {
    const e = error as { code: number | null; stdout: string; stderr: string; killed: boolean };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr, killed: e.killed };
  }
}

/** Ended by itself, non-zero, one line on stderr and nothing on stdout. */
function expectOneLineError(result: Awaited<ReturnType<typeof ssotray>>): string {
  expect(result.killed, "the command hung until it was killed").toBe(false);
  expect(result.code, result.stderr).not.toBe(0);
  expect(result.stdout).toBe("");
  expect(result.stderr.trimEnd().split("\n"), result.stderr).toHaveLength(1);
  return result.stderr.trimEnd();
}

/** The line `ssotray login` prints when its calls go through a proxy and the browser's may not. */
function browserNote(proxyUrl: string, from: string): string {
  return `Your browser uses its own proxy settings for this page, not the proxy ${proxyUrl} (from ${from}) that SSO Tray's calls go through`;
}

/**
 * `ssotray login --no-browser`: the sign-in URL it prints (the browser flow's, or with
 * --device-code the verification link) is followed as a browser would, directly (a browser has
 * proxy settings of its own), up to the redirect to 127.0.0.1 where there is one.
 */
async function browserLogin(env: Record<string, string>, ...more: string[]) {
  const args = [BIN, "login", "--session", "acme", "--no-browser", ...more];
  const child = spawn(process.execPath, args, { env });
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const kill = setTimeout(() => child.kill(), KILL_AFTER_MS);
  try {
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        stdout += chunk.toString();
        const line = stdout.split("\n")[0];
        if (stdout.includes("\n") && line) resolve(line);
      });
      child.once("exit", () => reject(new Error(`ssotray login ended first: ${stderr}`)));
    });
    const ca = readFileSync(sim.caPath ?? "", "utf8");
    let next: string | undefined = url;
    for (let hops = 0; next && hops < 5; hops++) {
      const target: URL = new URL(next);
      const get = target.protocol === "https:" ? https.get : http.get;
      next = await new Promise<string | undefined>((resolve, reject) => {
        get(target, { ca, agent: false }, (res) => {
          res.resume();
          res.on("end", () =>
            resolve(res.headers.location ? new URL(res.headers.location, target).href : undefined),
          );
        }).on("error", reject);
      });
    }
    return { code: await exited, stderr };
  } finally {
    clearTimeout(kill);
  }
}

function simHostPort(): string {
  return `127.0.0.1:${sim.port}`;
}

/** The CONNECT tunnels a proxy opened to the simulator since `before`. */
async function tunnelsSince(p: Tinyproxy, before: number): Promise<string[]> {
  return (await p.requests()).slice(before).filter((r) => r.startsWith("CONNECT "));
}

beforeAll(async () => {
  if (!tinyproxyCommand) return;
  await buildCli({ quiet: true, outdir: buildDir });
  sim = await startSimulator({ tls: true, accounts: 4, rolesPerAccount: 2, seed: 16 });
  proxy = await startTinyproxy();
  guarded = await startTinyproxy({ basicAuth: { user: USER, password: PASSWORD } });
  otherCa = await makeSimulatorTls();
  expiredSim = await startSimulator({
    tls: true,
    tlsCertificate: "expired",
    accounts: 3,
    seed: 17,
  });
  otherNameSim = await startSimulator({
    tls: true,
    tlsCertificate: "other-name",
    accounts: 3,
    seed: 18,
  });
}, 120_000);
afterAll(async () => {
  await Promise.all([
    sim?.close(),
    expiredSim?.close(),
    otherNameSim?.close(),
    proxy?.stop(),
    guarded?.stop(),
    otherCa?.remove(),
  ]);
  removeCliHomes();
  rmSync(buildDir, { recursive: true, force: true });
});

const PROXIED = tinyproxyGate.title("ssotray behind a proxy, against TLS with a private CA");
describe.skipIf(!tinyproxyCommand)(PROXIED, () => {
  it("signs in with a device code, syncs, gets credentials, credential_process and a console link, all through CONNECT tunnels", async () => {
    const { env } = makeHome({
      env: { HTTPS_PROXY: proxy.url, AWS_CA_BUNDLE: sim.caPath ?? "" },
    });
    const before = (await proxy.requests()).length;
    const [account] = sim.accounts();
    const [first, second] = account?.roles ?? [];

    const login = await ssotray(env, "login", "--session", "acme", "--device-code", "--no-browser");
    expect(login.code, login.stderr).toBe(0);
    const accounts = await ssotray(env, "accounts", "--refresh", "--json");
    expect(accounts.code, accounts.stderr).toBe(0);
    expect(JSON.parse(accounts.stdout)).toHaveLength(8);
    const creds = await ssotray(
      env,
      "creds",
      "--account",
      account?.accountId ?? "",
      "--role",
      first ?? "",
    );
    expect(creds.code, creds.stderr).toBe(0);
    expect(creds.stdout).toMatch(/AWS_ACCESS_KEY_ID=/);
    const process = await ssotray(
      env,
      "credential-process",
      "--session",
      "acme",
      "--account",
      account?.accountId ?? "",
      "--role",
      second ?? "",
    );
    expect(process.code, process.stderr).toBe(0);
    expect(JSON.parse(process.stdout)).toMatchObject({ Version: 1 });
    const link = await ssotray(
      env,
      "console",
      "--account",
      account?.accountId ?? "",
      "--role",
      first ?? "",
      "--print",
    );
    expect(link.code, link.stderr).toBe(0);
    expect(link.stdout).toMatch(new RegExp(`^${sim.url}/federation\\?Action=login&`));

    // One tunnel per connection: at least one per command, every one to the simulator.
    const tunnels = await tunnelsSince(proxy, before);
    expect(tunnels.length).toBeGreaterThanOrEqual(5);
    expect(new Set(tunnels)).toEqual(new Set([`CONNECT ${simHostPort()} HTTP/1.1`]));
    expect(sim.requestLog().map((r) => r.api)).toEqual(
      expect.arrayContaining([
        "RegisterClient",
        "StartDeviceAuthorization",
        "CreateToken",
        "ListAccounts",
        "ListAccountRoles",
        "GetRoleCredentials",
        "GetSigninToken",
      ]),
    );
  });

  it("says once, at a browser or device sign-in through a proxy, that the browser uses its own proxy settings; nothing when there is no proxy", async () => {
    const proxied = makeHome({ env: { HTTPS_PROXY: proxy.url, AWS_CA_BUNDLE: sim.caPath ?? "" } });
    const viaProxy = await browserLogin(proxied.env);
    expect(viaProxy.code, viaProxy.stderr).toBe(0);
    expect(viaProxy.stderr.split("\n")).toEqual(
      expect.arrayContaining([browserNote(proxy.url, "the variable HTTPS_PROXY")]),
    );
    expect(viaProxy.stderr.split("Your browser uses").length).toBe(2);

    const direct = makeHome({ env: { AWS_CA_BUNDLE: sim.caPath ?? "" } });
    const withoutProxy = await browserLogin(direct.env);
    expect(withoutProxy.code, withoutProxy.stderr).toBe(0);
    expect(withoutProxy.stderr).not.toContain("proxy");

    // The device flow: the code is entered in the browser, approved when the page is visited.
    sim.setOptions({ deviceApproval: "visit" });
    try {
      const device = makeHome({
        env: { HTTPS_PROXY: proxy.url, AWS_CA_BUNDLE: sim.caPath ?? "" },
      });
      const viaProxyDevice = await browserLogin(device.env, "--device-code");
      expect(viaProxyDevice.code, viaProxyDevice.stderr).toBe(0);
      expect(viaProxyDevice.stderr).toContain("shows the code");
      expect(viaProxyDevice.stderr.split("\n")).toEqual(
        expect.arrayContaining([browserNote(proxy.url, "the variable HTTPS_PROXY")]),
      );
    } finally {
      sim.setOptions({ deviceApproval: { afterPolls: 1 } });
    }
  });

  it("trusts the CA from ca_bundle in the [sso-session], and in the profile AWS_PROFILE names", async () => {
    const inSession = makeHome({
      signedIn: true,
      config: "",
      env: { HTTPS_PROXY: proxy.url },
    });
    writeFileSync(
      inSession.env.AWS_CONFIG_FILE ?? "",
      `[sso-session acme]\nsso_start_url = ${sim.startUrl}\nsso_region = ${sim.region}\nca_bundle = ${sim.caPath}\n`,
    );
    const a = await ssotray(inSession.env, "accounts", "--refresh", "--json");
    expect(a.code, a.stderr).toBe(0);

    const inProfile = makeHome({
      signedIn: true,
      config: `\n[profile work]\nregion = eu-west-1\nca_bundle = ${sim.caPath}\n`,
      env: { HTTPS_PROXY: proxy.url, AWS_PROFILE: "work" },
    });
    const b = await ssotray(inProfile.env, "accounts", "--refresh", "--json");
    expect(b.code, b.stderr).toBe(0);
    // AWS_CA_BUNDLE wins over ca_bundle, as in the AWS CLI.
    const c = await ssotray(
      { ...inProfile.env, AWS_CA_BUNDLE: otherCa.caPath },
      "accounts",
      "--refresh",
      "--json",
    );
    expect(expectOneLineError(c)).toContain(`the CA bundle ${otherCa.caPath} (from AWS_CA_BUNDLE)`);
  });

  it("trusts the CA from NODE_EXTRA_CA_CERTS, which Node reads when it starts", async () => {
    const { env } = makeHome({
      signedIn: true,
      env: { HTTPS_PROXY: proxy.url, NODE_EXTRA_CA_CERTS: sim.caPath ?? "" },
    });
    const result = await ssotray(env, "accounts", "--refresh", "--json");
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toHaveLength(8);
  });

  it("says which host's certificate is not trusted, by which bundle, and which setting fixes it", async () => {
    const wrong = makeHome({
      signedIn: true,
      env: { HTTPS_PROXY: proxy.url, AWS_CA_BUNDLE: otherCa.caPath },
    });
    expect(expectOneLineError(await ssotray(wrong.env, "accounts", "--refresh"))).toBe(
      `ssotray: The TLS certificate of ${simHostPort()} through the proxy ${proxy.url} (from the variable HTTPS_PROXY) is not trusted: it was issued by a certificate authority that the CA bundle ${otherCa.caPath} (from AWS_CA_BUNDLE) does not hold (UNABLE_TO_VERIFY_LEAF_SIGNATURE); put your organisation's certificate authority in ${otherCa.caPath}, or point AWS_CA_BUNDLE at the right file (while listing the accounts of session 'acme')`,
    );

    const none = makeHome({ signedIn: true, env: { HTTPS_PROXY: proxy.url } });
    const message = expectOneLineError(await ssotray(none.env, "accounts", "--refresh"));
    expect(message).toContain(
      `The TLS certificate of ${simHostPort()} through the proxy ${proxy.url} (from the variable HTTPS_PROXY) is not trusted: it was issued by a certificate authority that Node's built-in list does not hold`,
    );
    expect(message).toContain(
      "a proxy that inspects TLS signs with its own authority: set AWS_CA_BUNDLE (or ca_bundle in the [sso-session] or profile) to a PEM file with your organisation's certificate authority, or add it with NODE_EXTRA_CA_CERTS",
    );

    const unreadable = makeHome({
      signedIn: true,
      env: { AWS_CA_BUNDLE: path.join(buildDir, "no-such-ca.pem") },
    });
    expect(expectOneLineError(await ssotray(unreadable.env, "accounts", "--refresh"))).toContain(
      `The CA bundle ${path.join(buildDir, "no-such-ca.pem")} (from AWS_CA_BUNDLE) cannot be read (ENOENT)`,
    );
  });

  it("refuses an expired certificate and one made for another name, reached by host name, through the proxy and direct", async () => {
    // `localhost`, not an address: the name is sent (SNI) and checked against the certificate.
    const byName = (s: Simulator, env: Record<string, string>) =>
      makeHome({
        signedIn: true,
        env: {
          AWS_ENDPOINT_URL_SSO: `https://localhost:${s.port}`,
          AWS_CA_BUNDLE: s.caPath ?? "",
          ...env,
        },
      }).env;
    const via = `the proxy ${proxy.url} (from the variable HTTPS_PROXY)`;
    const expired = (through: string) =>
      `ssotray: The TLS certificate of localhost:${expiredSim.port}${through} is not trusted: it has expired (CERT_HAS_EXPIRED); check this computer's date and time; if they are right, the server or a TLS-inspecting proxy serves an outdated certificate (while listing the accounts of session 'acme')`;
    const otherName = (through: string) =>
      `ssotray: The TLS certificate of localhost:${otherNameSim.port}${through} is not trusted: it was made for ${OTHER_HOST_NAME} (ERR_TLS_CERT_ALTNAME_INVALID); check the AWS_ENDPOINT_URL_* variables and the region; a proxy may be answering for the wrong host (while listing the accounts of session 'acme')`;
    const before = (await proxy.requests()).length;

    // The same name and CA with a good certificate work: what fails below is the certificate.
    const good = await ssotray(byName(sim, { HTTPS_PROXY: proxy.url }), "accounts", "--refresh");
    expect(good.code, good.stderr).toBe(0);

    const proxied = { HTTPS_PROXY: proxy.url };
    expect(
      expectOneLineError(await ssotray(byName(expiredSim, proxied), "accounts", "--refresh")),
    ).toBe(expired(` through ${via}`));
    expect(
      expectOneLineError(await ssotray(byName(otherNameSim, proxied), "accounts", "--refresh")),
    ).toBe(otherName(` through ${via}`));
    expect(await tunnelsSince(proxy, before)).toEqual(
      expect.arrayContaining([
        `CONNECT localhost:${sim.port} HTTP/1.1`,
        `CONNECT localhost:${expiredSim.port} HTTP/1.1`,
        `CONNECT localhost:${otherNameSim.port} HTTP/1.1`,
      ]),
    );

    expect(expectOneLineError(await ssotray(byName(expiredSim, {}), "accounts", "--refresh"))).toBe(
      expired(""),
    );
    expect(
      expectOneLineError(await ssotray(byName(otherNameSim, {}), "accounts", "--refresh")),
    ).toBe(otherName(""));
  });

  it("checks an https:// proxy's certificate against the same CA bundle as the endpoints", async () => {
    // tinyproxy behind a TLS front whose certificate comes from another CA than the simulator's.
    const front = await startTlsFront(proxy.port, otherCa);
    const both = path.join(buildDir, "both-cas.pem");
    writeFileSync(
      both,
      readFileSync(sim.caPath ?? "", "utf8") + readFileSync(otherCa.caPath, "utf8"),
    );
    try {
      const before = (await proxy.requests()).length;
      const trusted = makeHome({
        signedIn: true,
        env: { HTTPS_PROXY: front.url, AWS_CA_BUNDLE: both },
      });
      const result = await ssotray(trusted.env, "accounts", "--refresh", "--json");
      expect(result.code, result.stderr).toBe(0);
      expect(await tunnelsSince(proxy, before)).toContain(`CONNECT ${simHostPort()} HTTP/1.1`);

      const viaConfig = makeHome({
        signedIn: true,
        env: { HTTPS_PROXY: front.url },
        config: `\n[default]\nca_bundle = ${both}\n`,
      });
      const fromConfig = await ssotray(viaConfig.env, "accounts", "--refresh", "--json");
      expect(fromConfig.code, fromConfig.stderr).toBe(0);

      const simOnly = makeHome({
        signedIn: true,
        env: { HTTPS_PROXY: front.url, AWS_CA_BUNDLE: sim.caPath ?? "" },
      });
      expect(expectOneLineError(await ssotray(simOnly.env, "accounts", "--refresh"))).toBe(
        `ssotray: The TLS certificate of the proxy ${front.url} (from the variable HTTPS_PROXY) is not trusted: it was issued by a certificate authority that the CA bundle ${sim.caPath} (from AWS_CA_BUNDLE) does not hold (UNABLE_TO_VERIFY_LEAF_SIGNATURE); put your organisation's certificate authority in ${sim.caPath}, or point AWS_CA_BUNDLE at the right file (while listing the accounts of session 'acme')`,
      );
      // The same proxy named https:// though it speaks plain HTTP, as people often write it.
      const plainAsTls = makeHome({
        signedIn: true,
        env: { HTTPS_PROXY: `https://127.0.0.1:${proxy.port}`, AWS_CA_BUNDLE: both },
      });
      expect(expectOneLineError(await ssotray(plainAsTls.env, "accounts", "--refresh"))).toContain(
        `The proxy https://127.0.0.1:${proxy.port} (from the variable HTTPS_PROXY) did not answer within 1600 ms when asked to connect to ${simHostPort()}; check that the proxy works (an https:// proxy URL means the proxy itself speaks TLS; most proxies take http:// even for HTTPS sites), or change HTTPS_PROXY`,
      );
    } finally {
      await front.close();
    }
  });

  it("names a proxy that refuses the connection, and the variable that chose it", async () => {
    const dead = `http://127.0.0.1:${await freePort()}`;
    const { env } = makeHome({
      signedIn: true,
      env: { https_proxy: dead, AWS_CA_BUNDLE: sim.caPath ?? "" },
    });
    expect(expectOneLineError(await ssotray(env, "accounts", "--refresh"))).toBe(
      `ssotray: Could not connect to the proxy ${dead} (from the variable https_proxy) (ECONNREFUSED) on the way to ${simHostPort()}; check that the proxy is running and its address is right, or change https_proxy, or choose another proxy in SSO Tray's Settings (Network) (while listing the accounts of session 'acme')`,
    );
  });

  it("names a proxy that asks for a password (407), and works with the user and password in its URL", async () => {
    const without = makeHome({
      env: { HTTPS_PROXY: guarded.url, AWS_CA_BUNDLE: sim.caPath ?? "" },
    });
    const message = expectOneLineError(
      await ssotray(without.env, "login", "--session", "acme", "--device-code", "--no-browser"),
    );
    expect(message).toContain(
      `The proxy ${guarded.url} (from the variable HTTPS_PROXY) asks for a user name and password (HTTP 407 Proxy Authentication Required); put them in the proxy URL as http://USER:PASSWORD@127.0.0.1:${guarded.port}`,
    );

    const wrong = `http://${USER}:wrong@127.0.0.1:${guarded.port}`;
    const refused = makeHome({
      signedIn: true,
      env: { HTTPS_PROXY: wrong, AWS_CA_BUNDLE: sim.caPath ?? "" },
    });
    const refusedMessage = expectOneLineError(await ssotray(refused.env, "accounts", "--refresh"));
    expect(refusedMessage).toContain(
      `The proxy http://***@127.0.0.1:${guarded.port} (from the variable HTTPS_PROXY) refused the user name and password in its URL (HTTP 401 Unauthorized)`,
    );
    expect(refusedMessage).not.toContain("wrong");
    expect(refusedMessage).not.toContain(`${USER}:`);

    const before = (await guarded.requests()).length;
    const right = makeHome({
      signedIn: true,
      env: {
        HTTPS_PROXY: `http://${USER}:${PASSWORD}@127.0.0.1:${guarded.port}`,
        AWS_CA_BUNDLE: sim.caPath ?? "",
      },
    });
    const result = await ssotray(right.env, "accounts", "--refresh", "--json");
    expect(result.code, result.stderr).toBe(0);
    expect((await tunnelsSince(guarded, before)).length).toBeGreaterThan(0);
  });

  it("names a proxy that takes the connection and never answers, within the network deadline", async () => {
    const held: net.Socket[] = [];
    const silent = net.createServer((socket) => held.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const port = (silent.address() as net.AddressInfo).port;
    try {
      const { env } = makeHome({
        signedIn: true,
        env: { HTTPS_PROXY: `127.0.0.1:${port}`, AWS_CA_BUNDLE: sim.caPath ?? "" },
      });
      expect(expectOneLineError(await ssotray(env, "accounts", "--refresh"))).toContain(
        `The proxy http://127.0.0.1:${port} (from the variable HTTPS_PROXY) did not answer within 1600 ms when asked to connect to ${simHostPort()}; check that the proxy works, or change HTTPS_PROXY`,
      );
    } finally {
      for (const socket of held) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it("names the proxy that connected the tunnel when the endpoint behind it never answers, within the network deadline", async () => {
    const { env } = makeHome({
      signedIn: true,
      env: {
        HTTPS_PROXY: proxy.url,
        AWS_CA_BUNDLE: sim.caPath ?? "",
        SSOTRAY_NETWORK_TIMEOUT_MS: "1000",
      },
    });
    const [account] = sim.accounts();
    const before = (await proxy.requests()).length;
    sim.setOptions({ stall: ["portal", "federation"] });
    try {
      expect(expectOneLineError(await ssotray(env, "accounts", "--refresh"))).toBe(
        `ssotray: The portal at ${sim.url} did not answer in 3 tries while listing the accounts of session 'acme', though the proxy ${proxy.url} (from the variable HTTPS_PROXY) connected to it: check AWS_ENDPOINT_URL_SSO if it is set, and whether the proxy lets the answers through; or change HTTPS_PROXY, or choose another proxy in SSO Tray's Settings (Network)`,
      );
      sim.setOptions({ stall: ["oidc"] });
      const signIn = makeHome({
        env: {
          HTTPS_PROXY: proxy.url,
          AWS_CA_BUNDLE: sim.caPath ?? "",
          SSOTRAY_NETWORK_TIMEOUT_MS: "1000",
        },
      });
      expect(
        expectOneLineError(
          await ssotray(signIn.env, "login", "--session", "acme", "--device-code", "--no-browser"),
        ),
      ).toContain(
        `IAM Identity Center at ${sim.url} did not answer in 3 tries while registering SSO Tray with IAM Identity Center, though the proxy ${proxy.url} (from the variable HTTPS_PROXY) connected to it: check AWS_ENDPOINT_URL_SSO_OIDC if it is set`,
      );
      sim.setOptions({ stall: ["federation"] });
      const link = await ssotray(
        env,
        "console",
        "--account",
        account?.accountId ?? "",
        "--role",
        account?.roles[0] ?? "",
        "--print",
      );
      expect(expectOneLineError(link)).toContain(
        `The console sign-in service at ${sim.url}/federation did not answer in 3 tries while getting a console sign-in token, though the proxy ${proxy.url} (from the variable HTTPS_PROXY) connected to it: check AWS_ENDPOINT_URL_SIGNIN if it is set`,
      );
    } finally {
      sim.setOptions({ stall: [] });
    }
    // The tunnels were made: the proxy did its part.
    expect(await tunnelsSince(proxy, before)).toContain(`CONNECT ${simHostPort()} HTTP/1.1`);
  });

  it("goes direct to hosts NO_PROXY names, and follows the proxy chosen in Settings", async () => {
    const dead = `http://127.0.0.1:${await freePort()}`;
    const bypass = makeHome({
      signedIn: true,
      env: { HTTPS_PROXY: dead, NO_PROXY: "localhost,127.0.0.1", AWS_CA_BUNDLE: sim.caPath ?? "" },
    });
    const direct = await ssotray(bypass.env, "accounts", "--refresh", "--json");
    expect(direct.code, direct.stderr).toBe(0);

    // Settings say "none": the dead proxy in the environment is not used.
    const none = makeHome({
      signedIn: true,
      env: { HTTPS_PROXY: dead, AWS_CA_BUNDLE: sim.caPath ?? "" },
    });
    mkdirSync(none.env.SSOTRAY_HOME ?? "", { recursive: true });
    writeFileSync(
      path.join(none.env.SSOTRAY_HOME ?? "", "settings.json"),
      JSON.stringify({ proxyMode: "none" }),
    );
    const noProxy = await ssotray(none.env, "accounts", "--refresh", "--json");
    expect(noProxy.code, noProxy.stderr).toBe(0);

    // Settings name a proxy: it carries the calls though the environment names none.
    const chosen = makeHome({ signedIn: true, env: { AWS_CA_BUNDLE: sim.caPath ?? "" } });
    mkdirSync(chosen.env.SSOTRAY_HOME ?? "", { recursive: true });
    writeFileSync(
      path.join(chosen.env.SSOTRAY_HOME ?? "", "settings.json"),
      JSON.stringify({ proxyMode: "url", proxyUrl: proxy.url }),
    );
    const before = (await proxy.requests()).length;
    const viaSettings = await ssotray(chosen.env, "accounts", "--refresh", "--json");
    expect(viaSettings.code, viaSettings.stderr).toBe(0);
    expect(await tunnelsSince(proxy, before)).toContain(`CONNECT ${simHostPort()} HTTP/1.1`);
  });
});
