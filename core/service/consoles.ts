// Consoles: a role's AWS console opened in the browser its account or session is set to, by a
// federation sign-in link or the access portal's shortcut, and either link copied.
import { ApiError, type CallArgs, type CopyResult } from "../../shared/api.js";
import {
  consoleBrowserFor,
  describeConsoleBrowser,
  type ConsoleBrowser,
} from "../../shared/console-browser.js";
import type { RoleCredentials, RoleRef, Settings } from "../../shared/model.js";
import { openThroughHandoff } from "../browsers/handoff.js";
import { openConsoleIn } from "../browsers/launch.js";
import { createConsoleLink } from "../federation/console-signin.js";
import { portalShortcutLink } from "../federation/portal-link.js";
import type { Locations } from "../locations.js";
import type { ClipboardGuard } from "../platform/clipboard-guard.js";
import type { Platform } from "../platform/platform.js";
import type { SessionManager } from "../sessions/session-manager.js";
import type { SettingsStore } from "../settings/settings-store.js";
import type { AccountLists } from "./account-lists.js";

export interface ConsolesParts {
  env: Record<string, string | undefined>;
  locations: Locations;
  platform: Platform;
  sessions: SessionManager;
  settings: SettingsStore;
  lists: AccountLists;
  /** Clears a copied sign-in link from the clipboard when its time is up. */
  clipboard: ClipboardGuard;
  /** The role's credentials, whatever kind of role it is; recorded as recently used. */
  roleCredentials(role: RoleRef): Promise<RoleCredentials>;
  /** Sends the settings to every window, and returns them. */
  publishSettings(settings: Settings): Settings;
  /** Opens a link in a named browser, profile or container; the CLI's launcher unless given. */
  openConsoleIn?: ((choice: ConsoleBrowser, url: string) => Promise<void>) | undefined;
}

export class Consoles {
  constructor(private readonly parts: ConsolesParts) {}

  private async consoleLink(input: CallArgs<"openConsole">) {
    const session = await this.parts.sessions.get(input.role.session);
    const credentials = await this.parts.roleCredentials(input.role);
    const settings = await this.parts.settings.get();
    return createConsoleLink({
      credentials,
      region: input.region ?? settings.defaultRegion ?? session.region,
      ...(input.destination ? { destination: input.destination } : {}),
      issuer: session.startUrl,
      env: this.parts.env,
      locations: this.parts.locations,
      now: () => this.parts.platform.clock.now(),
    });
  }

  /** Where the role's console opens: the account's rule, else its session's choice. */
  private async consoleBrowser(role: RoleRef): Promise<ConsoleBrowser> {
    const settings = await this.parts.settings.get();
    const list = await this.parts.lists.current(role.session);
    const accountName = list?.accounts.find((a) => a.accountId === role.accountId)?.accountName;
    const alias = settings.accounts[role.accountId]?.alias;
    return consoleBrowserFor(settings.consoleBrowsers, {
      session: role.session,
      ...(accountName !== undefined ? { accountName } : {}),
      ...(alias !== undefined ? { alias } : {}),
    });
  }

  /** The access portal's shortcut link: no secret in it, the portal asks who the user is. */
  private async portalLink(input: CallArgs<"openConsole">): Promise<string> {
    const session = await this.parts.sessions.get(input.role.session);
    const region = input.region ?? (await this.parts.settings.get()).defaultRegion;
    return portalShortcutLink({
      startUrl: session.startUrl,
      accountId: input.role.accountId,
      roleName: input.role.roleName,
      ...(region ? { region } : {}),
      ...(input.destination ? { destination: input.destination } : {}),
    });
  }

  async open(input: CallArgs<"openConsole">): Promise<void> {
    const choice = await this.consoleBrowser(input.role);
    const open =
      this.parts.openConsoleIn ?? ((c, u) => openConsoleIn(c, u, { env: this.parts.env }));
    const start = (url: string) =>
      choice.kind === "default" ? this.parts.platform.openInBrowser(url) : open(choice, url);
    // The portal lists permission-set roles only: a chained or entitled role signs in through
    // federation.
    const portal = choice.viaPortal && !beyondPortal(input.role);
    const url = portal ? await this.portalLink(input) : (await this.consoleLink(input)).url;
    // A portal link fetches no credentials, which is where the role is otherwise recorded.
    if (portal) this.parts.publishSettings(await this.parts.settings.recordRecent(input.role));
    try {
      // Nothing secret in a portal link (the portal asks who you are): the browser gets it.
      // Else the browser gets a one-time loopback address, never the link with its token: a
      // browser's command line is readable by every local user (handoff.ts).
      if (portal) await start(url);
      else await openThroughHandoff(url, start);
    } catch (error) {
      const reason = (error instanceof Error ? error.message : String(error)).replace(/\.$/, "");
      throw new ApiError(
        "BrowserNotOpened",
        `The console did not open in ${describeConsoleBrowser(choice)}: ${reason}. Copy its link from More and paste it into a browser, or choose another browser in Settings.`,
      );
    }
  }

  async copyLink(input: CallArgs<"copyConsoleLink">): Promise<CopyResult> {
    const settings = await this.parts.settings.get();
    if (input.kind === "portal") {
      if (beyondPortal(input.role))
        throw new ApiError(
          "InvalidInput",
          `The access portal opens only the roles it lists; ${input.role.roleName} is ${input.role.roleArn !== undefined ? "an account access entitlement" : `chained by the profile '${input.role.profile}'`}: copy its console link instead`,
        );
      // The portal link holds no secret (the portal asks who you are), so it is not cleared.
      await this.parts.platform.clipboard.writeText(await this.portalLink(input));
      this.parts.publishSettings(await this.parts.settings.recordRecent(input.role));
      return { clearsInSeconds: 0 };
    }
    const link = await this.consoleLink(input);
    await this.parts.clipboard.copySecret(link.url, settings.clipboardClearSeconds);
    return { expiresAt: link.expiresAt, clearsInSeconds: settings.clipboardClearSeconds };
  }
}

/** A role the access portal does not list: chained by a profile, or entitled by account access. */
function beyondPortal(role: RoleRef): boolean {
  return role.profile !== undefined || role.roleArn !== undefined;
}
