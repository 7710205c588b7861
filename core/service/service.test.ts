import { mkdir, readdir, readFile, rm, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { calls, type CallName, type Events } from "../../shared/api.js";
import { applyAccountsDelta } from "../../shared/account-delta.js";
import { CREDENTIAL_FORMATS } from "../../shared/model.js";
import { startSimulator, type Simulator } from "../../simulator/index.js";
import { tempHome } from "../../simulator/testing.js";
import { createNodePlatform, type NodePlatform } from "../platform/node-platform.js";
import { AppService } from "./service.js";
import { writeCredentialsProfile } from "../aws-files/credentials-profiles.js";
import { invokeCall } from "./wire.js";
import { writeAccountCache, writeListedAccounts } from "../portal/account-cache.js";
import { resolveLocations } from "../locations.js";
import { entitledCacheFile } from "../account-access/entitled-roles.js";
import { withLocations } from "../../test-support/with-locations.js";

let sim: Simulator | undefined;
let service: AppService | undefined;
afterEach(async () => {
  service?.dispose();
  await sim?.close();
  sim = undefined;
  service = undefined;
});

/** Where each address the browser was given sent it: the page behind the one-time address. */
const sentTo = new Map<string, string>();

/** A browser that follows the simulator's auto-approving authorize redirect to our listener. */
async function followRedirects(url: string): Promise<void> {
  const answer = await fetch(url, { redirect: "manual" });
  const location = answer.headers.get("location");
  if (location) sentTo.set(url, location);
  if (location) await fetch(location);
}

async function setup(options: Parameters<typeof startSimulator>[0] = {}) {
  sim = await startSimulator({ accounts: 12, rolesPerAccount: 2, ...options });
  const home = await tempHome();
  const env = { HOME: home, SSOTRAY_HOME: join(home, "ssotray"), ...sim.env };
  const platform = createNodePlatform({ open: followRedirects });
  const events: Array<{ event: keyof Events; payload: unknown }> = [];
  const make = (progressIntervalMs?: number) => {
    const s = new AppService({
      env,
      locations: resolveLocations(env),
      platform,
      ...(progressIntervalMs ? { progressIntervalMs } : {}),
    });
    s.onAny((event, payload) => events.push({ event, payload }));
    return s;
  };
  service = make();
  return { env, platform, events, make, sim, home };
}

async function signedIn(options: Parameters<typeof startSimulator>[0] = {}) {
  const ctx = await setup(options);
  await service!.addSession({ startUrl: ctx.sim.startUrl, region: ctx.sim.region, name: "acme" });
  await service!.signIn({ session: "acme", method: "browser" });
  const list = await waitForComplete(ctx.events, "acme");
  return { ...ctx, list };
}

async function waitForComplete(
  events: Array<{ event: keyof Events; payload: unknown }>,
  session: string,
) {
  for (let i = 0; i < 600; i++) {
    const done = events.find(
      (e) =>
        e.event === "accounts" &&
        (e.payload as Events["accounts"]).session === session &&
        (e.payload as Events["accounts"]).complete,
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

function parseBash(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .trim()
      .split("\n")
      .map((line) => /^export (\w+)='(.*)'$/.exec(line)!)
      .map((m) => [m[1], m[2]!.replaceAll(`'\\''`, "'")]),
  );
}

describe("AppService", () => {
  it("adds a session, signs in through the browser, syncs every account and shows it on the next start", async () => {
    const { list, make, platform, events } = await signedIn();
    // The browser's arguments (readable by every local user) carry no sign-in state.
    expect(platform.opened[0]).not.toMatch(/state=/);
    expect(sentTo.get(platform.opened[0]!)).toMatch(/\/authorize\?/);
    expect(list.accounts).toHaveLength(12);
    expect(events.some((e) => e.event === "signInPrompt")).toBe(true);
    const state = await make().getState();
    expect(state.sessions.map((s) => [s.name, s.state])).toEqual([["acme", "signed-in"]]);
    expect(state.accounts[0]?.complete).toBe(true);
    expect(state.accounts[0]?.accounts).toHaveLength(12);
  });

  it("answers the first screen of a list first: its first accounts and the favourites', marked partial", async () => {
    const { list, make } = await signedIn();
    const last = list.accounts.at(-1)!;
    await service!.toggleFavorite({
      role: { session: "acme", accountId: last.accountId, roleName: last.roles[0]! },
    });
    const fresh = make();
    const first = await fresh.getState({ firstScreen: 5 });
    expect(first.partial).toBe(true);
    const cut = first.accounts[0]!;
    expect(cut.accounts.map((a) => a.accountId)).toEqual([
      ...list.accounts.slice(0, 5).map((a) => a.accountId),
      last.accountId,
    ]);
    // Never taken for the whole list: not complete, and no revision a sync's change applies to.
    expect(cut.complete).toBe(false);
    expect(cut.revision).toBeUndefined();
    const whole = await fresh.getState({});
    expect(whole.partial).toBeUndefined();
    expect(whole.accounts[0]).toMatchObject({ complete: true, accounts: list.accounts });
    // A list that fits is answered whole.
    expect((await fresh.getState({ firstScreen: 12 })).partial).toBeUndefined();
  });

  it("sends a sync's progress as changes that rebuild, in order, the list it ends with", async () => {
    const { make, events } = await signedIn({ accounts: 30, rolesPerAccount: 2, latencyMs: 25 });
    service!.dispose();
    service = make(20);
    // The renderer's view: the state it loads, then every event after it.
    let list = (await service.getState()).accounts[0]!;
    events.length = 0;
    await service.refreshAccounts({ session: "acme" });
    const final = await waitForComplete(events, "acme");

    let changes = 0;
    for (const { event, payload } of events) {
      if (event === "accounts") list = payload as Events["accounts"];
      if (event !== "accountsChanged") continue;
      const delta = payload as Events["accountsChanged"];
      changes += 1;
      expect(delta.upserted.length).toBeLessThan(30);
      const next = applyAccountsDelta(list, delta);
      expect(next, `a change for revision ${delta.base} on ${list.revision}`).toBeDefined();
      list = next!;
    }
    expect(changes).toBeGreaterThan(0);
    // The cached list the state carried has a revision, so even the first progress is a change.
    expect(events.find((e) => e.event.startsWith("accounts"))?.event).toBe("accountsChanged");
    expect(list).toEqual(final);
    expect((await service.getState()).accounts[0]).toEqual(final);
  });

  it("shows the roles of an account the user picks mid-sync at once, and the list stays whole", async () => {
    const ctx = await setup({
      accounts: 160,
      rolesPerAccount: 2,
      latencyMs: 30,
      portalRateLimit: 20,
    });
    await service!.addSession({ startUrl: ctx.sim.startUrl, region: ctx.sim.region, name: "acme" });
    await service!.signIn({ session: "acme", method: "browser" });
    const target = ctx.sim.accounts()[150]!;
    // The renderer's view, rebuilt from the events as it would be.
    let list: Events["accounts"] | undefined;
    let seen = 0;
    const follow = () => {
      for (; seen < ctx.events.length; seen++) {
        const { event, payload } = ctx.events[seen]!;
        if (event === "accounts" && (payload as Events["accounts"]).session === "acme")
          list = payload as Events["accounts"];
        if (event === "accountsChanged" && list)
          list = applyAccountsDelta(list, payload as Events["accountsChanged"]) ?? list;
      }
      return list?.accounts.find((a) => a.accountId === target.accountId);
    };
    for (let i = 0; i < 600 && !follow(); i++) await new Promise((r) => setTimeout(r, 20));
    // Listed, its roles not in yet: the name is there to pick.
    expect(follow()).toMatchObject({ rolesPending: true, roles: [] });

    await service!.loadAccountRoles({ session: "acme", accountId: target.accountId });
    const picked = follow()!;
    expect(picked.rolesPending).toBeUndefined();
    expect(picked.roles).toEqual([...target.roles].sort());
    // Mid-sync: most of the other accounts are still waiting for theirs.
    expect(list!.syncing).toBe(true);
    expect(list!.progress!.done).toBeLessThan(list!.progress!.total);

    const final = await waitForComplete(ctx.events, "acme");
    expect(final.accounts).toHaveLength(160);
    expect(ctx.sim.requestLog().filter((r) => r.status === 429)).toEqual([]);
    expect(
      ctx.sim
        .requestLog()
        .filter((r) => r.api === "ListAccountRoles" && r.accountId === target.accountId),
    ).toHaveLength(1);
  });

  it("takes in a list the CLI synced meanwhile and sends it on, and re-reads nothing otherwise", async () => {
    const { events, env, sim: simulator } = await signedIn();
    const before = (await service!.getState()).accounts[0]!;
    events.length = 0;
    await service!.getState();
    expect(events.filter((e) => e.event.startsWith("accounts"))).toEqual([]);

    // `ssotray accounts --refresh` writes the shared cache: here, one account fewer.
    await writeAccountCache(
      resolveLocations(env).cache,
      { session: "acme", startUrl: simulator.startUrl, region: simulator.region },
      before.accounts.slice(1),
      new Date().toISOString(),
    );
    const after = (await service!.getState()).accounts[0]!;
    expect(after.accounts).toEqual(before.accounts.slice(1));
    expect(after.revision).toBeGreaterThan(before.revision!);
    const sent = events.filter((e) => e.event === "accounts");
    expect(sent.map((e) => (e.payload as Events["accounts"]).revision)).toEqual([after.revision]);
  });

  it("syncs the roles of an account list a command kept without them", async () => {
    const { events, env, sim: simulator } = await signedIn();
    const identity = { session: "acme", startUrl: simulator.startUrl, region: simulator.region };
    const before = (await service!.getState()).accounts[0]!;
    // A command listed the accounts alone, one of them new to the cache.
    const later = (s: number) => new Date(Date.now() + s * 1000).toISOString();
    await writeAccountCache(
      resolveLocations(env).cache,
      identity,
      before.accounts.slice(1),
      later(0),
    );
    await writeListedAccounts(
      resolveLocations(env).cache,
      identity,
      before.accounts,
      later(1),
      later(2),
      () => {},
    );
    const newcomer = before.accounts[0]!;
    events.length = 0;

    const taken = (await service!.getState()).accounts[0]!;
    expect(taken.complete).toBe(false);
    expect(taken.accounts.find((a) => a.accountId === newcomer.accountId)?.rolesPending).toBe(true);
    const synced = await waitForComplete(events, "acme");
    expect(synced.accounts.find((a) => a.accountId === newcomer.accountId)?.roles).toEqual(
      newcomer.roles,
    );
  });

  it("copies credentials in every format, to be cleared from the clipboard later", async () => {
    const { platform, sim } = await signedIn();
    const account = sim.accounts()[0]!;
    const role = { session: "acme", accountId: account.accountId, roleName: account.roles[0]! };
    const result = await service!.copyCredentials({ role, format: "bash", region: "eu-west-1" });
    expect(result.clearsInSeconds).toBe(60);
    const vars = parseBash(platform.clipboard.text);
    expect(vars.AWS_ACCESS_KEY_ID).toMatch(/^ASIA/);
    expect(vars.AWS_REGION).toBe("eu-west-1");
    expect(vars.AWS_CREDENTIAL_EXPIRATION).toBe(result.expiresAt);
    for (const format of CREDENTIAL_FORMATS) {
      await service!.copyCredentials({ role, format });
      expect(platform.clipboard.text).toContain(vars.AWS_ACCESS_KEY_ID!);
    }
    // Reused, not fetched again.
    expect(sim.requestLog().filter((e) => e.api === "GetRoleCredentials")).toHaveLength(1);
    const revealed = await service!.revealCredentials({ role });
    expect(revealed.accessKeyId).toBe(vars.AWS_ACCESS_KEY_ID);
    const state = await service!.getState();
    expect(state.settings.recent[0]).toEqual(role);
  });

  it("opens a console sign-in link the federation endpoint accepts for the right account and role", async () => {
    const { platform, sim } = await signedIn();
    const account = sim.accounts()[4]!;
    await service!.openConsole({
      role: { session: "acme", accountId: account.accountId, roleName: account.roles[1]! },
      region: "eu-central-1",
    });
    expect(platform.opened.at(-1)).not.toContain("SigninToken");
    const url = sentTo.get(platform.opened.at(-1)!)!;
    const html = await (await fetch(url)).text();
    expect(html).toContain(`data-account-id="${account.accountId}"`);
    expect(html).toContain(`data-role-name="${account.roles[1]}"`);
    expect(html).toContain("eu-central-1.console.aws.amazon.com");

    await service!.copyConsoleLink({
      role: { session: "acme", accountId: account.accountId, roleName: account.roles[1]! },
      kind: "portal",
    });
    expect(platform.clipboard.text).toContain(
      `${sim.startUrl}/#/console?account_id=${account.accountId}`,
    );
  });

  it("removes, at start, what writes killed in an earlier run left", async () => {
    const { env } = await setup();
    const locations = resolveLocations(env);
    const dir = join(locations.cache, "credentials");
    await mkdir(dir, { recursive: true });
    const left = join(dir, `${"a".repeat(40)}.json.ssotray-42-0badf00d.tmp`);
    await writeFile(left, "{}");
    const old = new Date(Date.now() - 10 * 60_000);
    await utimes(left, old, old);
    await service!.getState();
    await vi.waitFor(async () => expect(await readdir(dir)).toEqual([]));
  });

  it("opens the device page of a sign-in under way, and refuses when none is", async () => {
    const { platform, sim } = await setup({ deviceApproval: "visit" });
    await service!.addSession({ startUrl: sim.startUrl, region: sim.region, name: "acme" });
    await expect(service!.openSignInPage({ session: "acme" })).rejects.toThrow(
      /No sign-in is under way for 'acme'/,
    );
    const prompted = new Promise<void>((resolve) => service!.on("signInPrompt", () => resolve()));
    const signingIn = service!.signIn({ session: "acme", method: "device" });
    await prompted;
    await service!.openSignInPage({ session: "acme" });
    // The Node platform "browser" follows the link: visiting it approves the code.
    expect(sentTo.get(platform.opened.at(-1)!)).toMatch(/\/device\?user_code=/);
    await expect(signingIn).resolves.toMatchObject({ state: "signed-in" });
  });

  it("shows a session added in the app while its first sign-in runs, and writes it only once signed in", async () => {
    const { sim, env, events } = await setup({ deviceApproval: "visit" });
    const config = join(env.HOME, ".aws", "config");
    const before = await readFile(config, "utf8").catch(() => "");
    const sessionsSent = () =>
      events
        .filter((e) => e.event === "sessions")
        .map((e) => (e.payload as Events["sessions"]).map((s) => s.name));

    // Cancelled: listed while it ran, gone after, and nothing in ~/.aws/config.
    const added = await service!.addSession({ startUrl: sim.startUrl, region: sim.region });
    expect(added).toMatchObject({ name: "sim-acme", state: "signed-out" });
    expect((await service!.getState()).sessions.map((s) => s.name)).toEqual(["sim-acme"]);
    const prompted = new Promise<void>((resolve) => service!.on("signInPrompt", () => resolve()));
    const cancelled = service!.signIn({ session: "sim-acme", method: "device" });
    await prompted;
    expect(await readFile(config, "utf8").catch(() => "")).toBe(before);
    await service!.cancelSignIn({ session: "sim-acme" });
    await expect(cancelled).rejects.toThrow();
    expect(sessionsSent().at(-1)).toEqual([]);
    expect((await service!.getState()).sessions).toEqual([]);
    expect(await readFile(config, "utf8").catch(() => "")).toBe(before);

    // Approved: written, and signed in.
    await service!.addSession({ startUrl: sim.startUrl, region: sim.region });
    const prompted2 = new Promise<void>((resolve) => service!.on("signInPrompt", () => resolve()));
    const signingIn = service!.signIn({ session: "sim-acme", method: "device" });
    await prompted2;
    await service!.openSignInPage({ session: "sim-acme" });
    await expect(signingIn).resolves.toMatchObject({ name: "sim-acme", state: "signed-in" });
    expect(await readFile(config, "utf8")).toContain(
      `[sso-session sim-acme]\nsso_start_url = ${sim.startUrl}\nsso_region = ${sim.region}\n`,
    );
    expect(sessionsSent().at(-1)).toEqual(["sim-acme"]);
  });

  it("tells the updater which sign-ins are under way, until each ends", async () => {
    const { sim } = await setup({ deviceApproval: "visit" });
    expect(service!.signInsUnderWay()).toEqual([]);
    await service!.addSession({ startUrl: sim.startUrl, region: sim.region });
    const prompted = new Promise<void>((resolve) => service!.on("signInPrompt", () => resolve()));
    const signingIn = service!.signIn({ session: "sim-acme", method: "device" });
    await prompted;
    expect(service!.signInsUnderWay()).toEqual(["sim-acme"]);
    await service!.cancelSignIn({ session: "sim-acme" });
    await expect(signingIn).rejects.toThrow();
    expect(service!.signInsUnderWay()).toEqual([]);
    // Without the app's updater (the browser build, the tests) there is nothing to install.
    await expect(service!.installUpdate()).rejects.toThrow(/this build has none to install/);
  });

  it("signs out of a session still waiting for its first sign-in by taking it off the list", async () => {
    const { sim, env } = await setup({ deviceApproval: "visit" });
    const config = join(env.HOME, ".aws", "config");
    const before = await readFile(config, "utf8").catch(() => "");
    await service!.addSession({ startUrl: sim.startUrl, region: sim.region });
    const prompted = new Promise<void>((resolve) => service!.on("signInPrompt", () => resolve()));
    const signingIn = service!.signIn({ session: "sim-acme", method: "device" });
    await prompted;
    await service!.signOut({ session: "sim-acme" });
    await expect(signingIn).rejects.toThrow();
    expect((await service!.getState()).sessions).toEqual([]);
    expect(await readFile(config, "utf8").catch(() => "")).toBe(before);
  });

  it("leaves no unhandled rejection when a sign-in it drops is awaited only later, or never", async () => {
    const unhandled: unknown[] = [];
    const record = (reason: unknown): void => void unhandled.push(reason);
    process.on("unhandledRejection", record);
    try {
      const { sim } = await setup({ deviceApproval: "visit" });
      await service!.addSession({ startUrl: sim.startUrl, region: sim.region });
      const prompted = new Promise<void>((resolve) => service!.on("signInPrompt", () => resolve()));
      // As a tray click or a notification's button: nobody awaits this sign-in yet.
      const signingIn = service!.signIn({ session: "sim-acme", method: "device" });
      await prompted;
      await service!.signOut({ session: "sim-acme" });
      // Until the sign-in has ended (its code is gone with it), then one turn of the event loop:
      // Node reports a rejection nobody handled once the microtasks after it have run.
      while (
        await service!.copySignInCode({ session: "sim-acme" }).then(
          () => true,
          () => false,
        )
      )
        await new Promise((r) => setTimeout(r, 10));
      await new Promise((r) => setImmediate(r));
      expect(unhandled).toEqual([]);
      await expect(signingIn).rejects.toThrow("The sign-in was cancelled");
    } finally {
      process.off("unhandledRejection", record);
    }
  });

  it("explains a name taken by another portal in the form's terms", async () => {
    const { sim } = await setup();
    await service!.addSession({ startUrl: sim.startUrl, region: sim.region, name: "acme" });
    await service!.signIn({ session: "acme", method: "browser" });
    await expect(
      service!.addSession({
        startUrl: "https://other.awsapps.com/start",
        region: sim.region,
        name: "acme",
      }),
    ).rejects.toThrow(/choose another session name \(or leave it empty\)$/);
  });

  it("keeps favourites, aliases and settings across a new service", async () => {
    const { make } = await setup();
    const role = { session: "acme", accountId: "111111111111", roleName: "Admin" };
    await service!.toggleFavorite({ role });
    await service!.setAccountDecoration({
      accountId: "111111111111",
      alias: "pay",
      color: "#ff8800",
    });
    await service!.updateSettings({ defaultFormat: "fish", clipboardClearSeconds: 30 });
    const state = await make().getState();
    expect(state.settings.favorites).toEqual([role]);
    expect(state.settings.accounts["111111111111"]).toEqual({ alias: "pay", color: "#ff8800" });
    expect(state.settings).toMatchObject({ defaultFormat: "fish", clipboardClearSeconds: 30 });
    await service!.toggleFavorite({ role });
    expect((await make().getState()).settings.favorites).toEqual([]);
  });

  it("marks a session whose tokens were revoked as needing sign-in, and says so", async () => {
    const { sim, events } = await signedIn();
    sim.revokeAllTokens();
    const account = sim.accounts()[0]!;
    await expect(
      service!.copyCredentials({
        role: { session: "acme", accountId: account.accountId, roleName: account.roles[0]! },
        format: "bash",
      }),
    ).rejects.toThrow(/needs a new sign-in/);
    const notice = events.find(
      (e) => e.event === "notice" && (e.payload as Events["notice"]).session === "acme",
    );
    expect((notice?.payload as Events["notice"]).message).toMatch(
      /ssotray login --session acme|Sign in/,
    );
    const sessions = events.filter((e) => e.event === "sessions").at(-1)!
      .payload as Events["sessions"];
    expect(sessions[0]?.state).toBe("sign-in-needed");
  });

  it("writes AWS CLI profiles for the session, with a dry run first", async () => {
    const { home } = await signedIn();
    const dry = await service!.populateProfiles({ dryRun: true });
    expect(dry.added).toHaveLength(24);
    expect(dry.diff).toContain("+sso_session = acme");
    await expect(readdir(join(home, ".aws"))).resolves.not.toContain("config.ssotray.bak");
    const done = await service!.populateProfiles({ dryRun: false });
    expect(done.added).toHaveLength(24);
  });

  it("writes credential_process profiles naming the installed ssotray link, and says when it is not installed", async () => {
    const { env, platform, home } = await signedIn();
    const app = await appCarryingCli(env, platform, home);
    try {
      const link = join(home, ".local", "bin", "ssotray");
      expect(await app.cliToolStatus()).toEqual({
        available: true,
        link,
        installed: false,
        onPath: false,
      });
      await expect(
        app.populateProfiles({ dryRun: false, credentialProcess: true }),
      ).rejects.toThrow(
        /not installed yet: choose Install command line tool .* to link it as .*\.local\/bin\/ssotray/,
      );

      expect(await app.installCliTool()).toMatchObject({ installed: true, link });
      const done = await app.populateProfiles({ dryRun: false, credentialProcess: true });
      expect(done.added).toHaveLength(24);
      const config = await readFile(join(home, ".aws", "config"), "utf8");
      expect(config).toContain(`credential_process = ${link} credential-process --session acme `);
      expect(config).not.toContain("SSO Tray");

      expect(await app.removeCliTool()).toMatchObject({ installed: false });
    } finally {
      app.dispose();
    }
  });

  it("writes credential_process profiles for entitled roles, and skips them while ssotray is not installed", async () => {
    const ctx = await setup({ accountAccessTenant: "aa-sim", entitledRoles: 3 });
    const { env, platform, home, events } = ctx;
    await service!.addSession({
      startUrl: ctx.sim.startUrl,
      region: ctx.sim.region,
      name: "acme",
      tenantId: "aa-sim",
    });
    await service!.signIn({ session: "acme", method: "browser" });
    await waitForComplete(events, "acme");
    for (let i = 0; i < 600; i++) {
      if (events.some((e) => e.event === "entitledRoles" && (e.payload as unknown[]).length === 3))
        break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const app = await appCarryingCli(env, platform, home);
    try {
      // SSO profiles need no command: they are written, the entitled roles' are not.
      const without = await app.populateProfiles({ dryRun: false });
      expect(without.added).toHaveLength(24);
      expect(without.skipped).toHaveLength(3);
      expect(without.skipped[0]?.reason).toMatch(/ssotray command line tool .* not installed/);

      await app.installCliTool();
      const link = join(home, ".local", "bin", "ssotray");
      const done = await app.populateProfiles({ dryRun: false });
      expect(done.added).toHaveLength(3);
      const config = await readFile(join(home, ".aws", "config"), "utf8");
      expect(config).toContain(
        `credential_process = ${link} credential-process --session acme --role-arn arn:aws:iam::`,
      );
      expect(config.match(/^sso_session = acme$/gm)).toHaveLength(24);

      // An app that has no listing of them (none cached) leaves their profiles alone.
      await rm(entitledCacheFile(resolveLocations(env).cache, "acme"));
      const later = new AppService({ env, locations: resolveLocations(env), platform });
      try {
        const again = await later.populateProfiles({ dryRun: false });
        expect(again.removed).toEqual([]);
        expect(await readFile(join(home, ".aws", "config"), "utf8")).toBe(config);
      } finally {
        later.dispose();
      }
    } finally {
      app.dispose();
    }
  });

  it("takes the session's keys out of ~/.aws/credentials on sign-out, and only that session's", async () => {
    const { env, home } = await signedIn();
    const keys = {
      accessKeyId: "ASIAEXAMPLE",
      secretAccessKey: "s",
      sessionToken: "t",
      expiration: "2026-11-26T03:00:00.000Z",
    };
    const role = { accountId: "111111111111", roleName: "R" };
    await writeCredentialsProfile(
      resolveLocations(env),
      "mine",
      { session: "acme", ...role },
      keys,
    );
    await writeCredentialsProfile(
      resolveLocations(env),
      "theirs",
      { session: "other", ...role },
      keys,
    );
    await service!.signOut({ session: "acme" });
    const left = await readFile(join(home, ".aws", "credentials"), "utf8");
    expect(left).not.toContain("[mine]");
    expect(left).toContain("[theirs]");
  });

  it("rewrites credentials-file profiles whose keys expire soon with fresh ones, and leaves the rest", async () => {
    const { env, home, list } = await signedIn();
    const [a, b] = list.accounts;
    const soon = {
      accessKeyId: "ASIAOLD",
      secretAccessKey: "s",
      sessionToken: "t",
      expiration: new Date(Date.now() + 60_000).toISOString(),
    };
    const later = { ...soon, expiration: new Date(Date.now() + 3_600_000).toISOString() };
    const ref = (x: typeof a) => ({
      session: "acme",
      accountId: x!.accountId,
      roleName: x!.roles[0]!,
    });
    await writeCredentialsProfile(resolveLocations(env), "soon", ref(a), soon);
    await writeCredentialsProfile(resolveLocations(env), "later", ref(b), later);
    expect(await service!.refreshCredentialsProfiles()).toEqual(["soon"]);
    const text = await readFile(join(home, ".aws", "credentials"), "utf8");
    const section = (name: string) => text.slice(text.indexOf(`[${name}]`)).split("\n\n")[0]!;
    expect(section("soon")).toMatch(/aws_access_key_id = ASIA(?!OLD)/);
    expect(section("later")).toContain("aws_access_key_id = ASIAOLD");
  });

  it("removes a signed-out session's credentials-file profiles at the next refresh, however long their keys last", async () => {
    const { env, home, list, events } = await signedIn();
    const [a] = list.accounts;
    const keys = {
      accessKeyId: "ASIALASTING",
      secretAccessKey: "s",
      sessionToken: "t",
      expiration: new Date(Date.now() + 3_600_000).toISOString(),
    };
    const ref = { session: "acme", accountId: a!.accountId, roleName: a!.roles[0]! };
    await writeCredentialsProfile(resolveLocations(env), "lasting", ref, keys);
    await writeCredentialsProfile(resolveLocations(env), "theirs", { ...ref, session: "x" }, keys);
    expect(await service!.refreshCredentialsProfiles()).toEqual([]);
    // Signed out elsewhere, as `aws sso logout` does it: the token file goes.
    const cache = join(home, ".aws", "sso", "cache");
    for (const name of await readdir(cache)) await rm(join(cache, name), { recursive: true });
    await service!.refreshCredentialsProfiles();
    const text = await readFile(join(home, ".aws", "credentials"), "utf8");
    expect(text).not.toContain("[lasting]");
    expect(text).toContain("[theirs]");
    expect(events).toContainEqual({
      event: "notice",
      payload: {
        level: "info",
        message:
          "Removed [lasting] from the AWS credentials file: the sign-in they came from has ended",
      },
    });
  });

  it("rejects a malformed start URL and an unknown region with a message that says what to do", async () => {
    await setup();
    await expect(service!.addSession({ startUrl: "acme", region: "us-east-1" })).rejects.toThrow(
      /did you mean https:\/\/acme\.awsapps\.com\/start/,
    );
    await expect(
      service!.addSession({ startUrl: "https://acme.awsapps.com/start", region: "eu-west-9" }),
    ).rejects.toThrow(/IAM Identity Center does not run in .eu-west-9.*; did you mean eu-west-1\?/);
  });

  it("never hands an access or refresh token to the renderer in any answer or event", async () => {
    const { events, sim, env } = await signedIn();
    const cacheDir = join(env.HOME, ".aws", "sso", "cache");
    const secrets: string[] = [];
    for (const file of await readdir(cacheDir)) {
      const data = JSON.parse(await readFile(join(cacheDir, file), "utf8")) as Record<
        string,
        string
      >;
      for (const key of ["accessToken", "refreshToken", "clientSecret"])
        if (data[key]) secrets.push(data[key]);
    }
    expect(secrets.length).toBeGreaterThanOrEqual(2);
    const account = sim.accounts()[0]!;
    const role = { session: "acme", accountId: account.accountId, roleName: account.roles[0]! };
    const answers = [
      await service!.getState(),
      await service!.copyCredentials({ role, format: "json" }),
      await service!.copyConsoleLink({ role }),
      await service!.toggleFavorite({ role }),
    ];
    const seen = JSON.stringify([answers, events]);
    for (const secret of secrets) expect(seen).not.toContain(secret);
  });
});

describe("invokeCall", () => {
  it("rejects an unknown call and bad arguments of every call with a message naming the field", async () => {
    const handlers = new AppService({
      ...withLocations({ HOME: await tempHome() }),
      platform: createNodePlatform({ open: async () => undefined }),
    });
    service = handlers;
    expect(await invokeCall(handlers, "deleteEverything", {})).toEqual({
      ok: false,
      error: { name: "UnknownCall", message: "There is no call named 'deleteEverything'" },
    });
    const bad: Record<CallName, unknown> = {
      getState: { extra: 1 },
      addSession: { startUrl: "https://a.awsapps.com/start", region: "Europe" },
      signIn: { session: "acme", method: "telepathy" },
      cancelSignIn: { session: "" },
      openSignInPage: { session: "a]b" },
      copySignInCode: { session: "x\ny" },
      signOut: {},
      refreshAccounts: { session: 42 },
      loadAccountRoles: { session: "acme", accountId: "12345678901" },
      copyCredentials: {
        role: { session: "acme", accountId: "12", roleName: "R" },
        format: "bash",
      },
      revealCredentials: {
        role: { session: "acme", accountId: "123456789012", roleName: "bad role!" },
      },
      concealCredentials: { now: true },
      openConsole: {
        role: { session: "acme", accountId: "123456789012", roleName: "R" },
        region: "mars-1",
      },
      copyConsoleLink: {
        role: { session: "acme", accountId: "123456789012", roleName: "R" },
        kind: "other",
      },
      copyExecLine: {
        role: { session: "acme", accountId: "123456789012", roleName: "R" },
        region: "$(id)",
      },
      updateSettings: { clipboardClearSeconds: -5 },
      toggleFavorite: { role: null },
      setAccountDecoration: { accountId: "123456789012", color: "url(javascript:x)" },
      populateProfiles: { dryRun: "yes" },
      addChainedRole: {
        source: { session: "acme", accountId: "123456789012", roleName: "R" },
        roleArn: "arn:aws:iam::123456789012:role/X\n[profile evil]",
      },
      setAccountAccessTenant: { session: "acme", tenantId: "aa-$(id)" },
      hideWindow: { now: true },
      cliToolStatus: { link: "/tmp/x" },
      installCliTool: { link: "/etc/passwd" },
      removeCliTool: { link: "/etc/passwd" },
      installUpdate: { version: "0.0.1" },
      runDiagnostics: { all: true },
      copyDiagnosticsReport: { file: "/etc/passwd" },
      setSessionEndpoints: { session: "acme", fips: "yes" },
      setSessionRegions: { session: "acme", regions: ["eu-west-1\n[profile evil]"] },
    };
    for (const name of Object.keys(calls) as CallName[]) {
      const result = await invokeCall(handlers, name, bad[name]);
      expect(result.ok, name).toBe(false);
      if (!result.ok) {
        expect(result.error.name).toBe("InvalidArgument");
        expect(result.error.message.startsWith(`${name}: `)).toBe(true);
      }
    }
  });

  it("turns service errors into a name and a message", async () => {
    const HOME = await tempHome();
    await mkdir(join(HOME, "ssotray"), { recursive: true });
    await writeFile(join(HOME, "ssotray", "settings.json"), "{ not json");
    const platform: NodePlatform = createNodePlatform({ open: async () => undefined });
    const handlers = new AppService({
      ...withLocations({ HOME, SSOTRAY_HOME: join(HOME, "ssotray") }),
      platform,
    });
    service = handlers;
    const result = await invokeCall(handlers, "signIn", { session: "nope", method: "browser" });
    expect(result).toMatchObject({ ok: false, error: { message: expect.stringMatching(/nope/) } });
    const state = await invokeCall(handlers, "getState", {});
    expect(
      state.ok &&
        (state.value as { settings: { clipboardClearSeconds: number } }).settings
          .clipboardClearSeconds,
    ).toBe(60);
    expect(
      (await readdir(join(HOME, "ssotray"))).some((f) => f.startsWith("settings.json.corrupt-")),
    ).toBe(true);
  });
});

/** An AppService whose resources carry an executable ssotray (a stand-in that knows --version). */
async function appCarryingCli(
  env: Record<string, string | undefined>,
  platform: ConstructorParameters<typeof AppService>[0]["platform"],
  home: string,
): Promise<AppService> {
  const executable = join(home, "SSO Tray", "resources", "cli", "ssotray");
  await mkdir(join(executable, ".."), { recursive: true });
  await writeFile(executable, "#!/bin/sh\necho 0.1.0\n", { mode: 0o755 });
  return new AppService({
    env,
    locations: resolveLocations(env),
    platform,
    cliTool: { executable, platform: "linux", env: { HOME: home, PATH: "/usr/bin" } },
  });
}
