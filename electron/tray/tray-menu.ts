// The tray's context menu as a pure function of state. Linux's AppIndicator ignores clicks and
// shows only a menu, so the menu carries everything the popup offers for the pairs a user uses
// most; it is rebuilt whole on every change (Signal does the same).
import type { RoleRef, SessionStatus, Settings } from "../../shared/model.js";
import { timeLeft } from "./tray-status.js";

export type TrayAction =
  | { kind: "open" }
  | { kind: "quit" }
  | { kind: "sign-in"; session: string }
  | { kind: "sign-out"; session: string }
  | { kind: "open-console"; role: RoleRef }
  | { kind: "copy-credentials"; role: RoleRef }
  | { kind: "copy-console-link"; role: RoleRef }
  | { kind: "copy-exec-line"; role: RoleRef }
  | { kind: "install-cli-tool" }
  | { kind: "remove-cli-tool" }
  | { kind: "check-for-updates" }
  | { kind: "install-update" };

export interface MenuItem {
  label?: string;
  type?: "separator" | "normal";
  enabled?: boolean;
  action?: TrayAction;
  submenu?: MenuItem[];
}

export interface TrayMenuState {
  sessions: readonly SessionStatus[];
  settings: Pick<Settings, "favorites" | "recent" | "accounts">;
  /** Account names by "session\0accountId", where the list is known. */
  accountNames: ReadonlyMap<string, string>;
  now: number;
  /** The command line tool the app carries, and whether its link is installed. */
  cliTool?: { available: boolean; installed: boolean };
  /** The app's updater: the version downloaded and ready to install, if any. */
  updates?: { readyVersion?: string };
}

const MAX_RECENT = 5;

function key(role: RoleRef): string {
  // A chained or entitled role may share its account and name with a permission set: not the same.
  return [role.session, role.accountId, role.roleName, role.profile ?? "", role.roleArn ?? ""].join(
    "\u0000",
  );
}

function roleLabel(role: RoleRef, state: TrayMenuState): string {
  const alias = state.settings.accounts[role.accountId]?.alias;
  const name =
    alias ?? state.accountNames.get(`${role.session}\u0000${role.accountId}`) ?? role.accountId;
  // '&' starts a mnemonic on Windows menus; doubling it shows the character.
  const kind = role.roleArn !== undefined ? " (entitlement)" : "";
  return `${name} · ${role.roleName}${kind}`.replaceAll("&", "&&");
}

function roleItem(role: RoleRef, state: TrayMenuState, signedIn: boolean): MenuItem {
  return {
    label: roleLabel(role, state),
    enabled: signedIn,
    submenu: [
      { label: "Open console", action: { kind: "open-console", role } },
      { label: "Copy credentials (bash)", action: { kind: "copy-credentials", role } },
      { label: "Copy console link", action: { kind: "copy-console-link", role } },
      { label: "Copy ssotray exec line", action: { kind: "copy-exec-line", role } },
    ],
  };
}

function sessionItem(session: SessionStatus, now: number): MenuItem {
  const name = session.name.replaceAll("&", "&&");
  switch (session.state) {
    case "signed-in":
    case "expiring": {
      const left =
        session.expiresAt && !session.canRefresh
          ? ` (${timeLeft(Date.parse(session.expiresAt) - now)} left)`
          : "";
      return {
        label: `Sign out of ${name}${left}`,
        action: { kind: "sign-out", session: session.name },
      };
    }
    default:
      return { label: `Sign in to ${name}…`, action: { kind: "sign-in", session: session.name } };
  }
}

export function trayMenu(state: TrayMenuState): MenuItem[] {
  const live = new Set(
    state.sessions
      .filter((s) => s.state === "signed-in" || s.state === "expiring")
      .map((s) => s.name),
  );
  const items: MenuItem[] = [{ label: "Open SSO Tray", action: { kind: "open" } }];

  const favourites = state.settings.favorites;
  const favouriteKeys = new Set(favourites.map(key));
  const recent = state.settings.recent
    .filter((r) => !favouriteKeys.has(key(r)))
    .slice(0, MAX_RECENT);
  if (favourites.length > 0) {
    items.push({ type: "separator" }, { label: "Favourites", enabled: false });
    items.push(...favourites.map((role) => roleItem(role, state, live.has(role.session))));
  }
  if (recent.length > 0) {
    items.push({ type: "separator" }, { label: "Recent", enabled: false });
    items.push(...recent.map((role) => roleItem(role, state, live.has(role.session))));
  }
  items.push({ type: "separator" });
  if (state.sessions.length === 0)
    items.push({ label: "Add an AWS access portal…", action: { kind: "open" } });
  items.push(...state.sessions.map((s) => sessionItem(s, state.now)));
  if (state.cliTool?.available)
    items.push(
      { type: "separator" },
      state.cliTool.installed
        ? { label: "Remove command line tool (ssotray)", action: { kind: "remove-cli-tool" } }
        : { label: "Install command line tool…", action: { kind: "install-cli-tool" } },
    );
  if (state.updates)
    items.push(
      { type: "separator" },
      state.updates.readyVersion
        ? {
            label: `Restart to update to ${state.updates.readyVersion}`,
            action: { kind: "install-update" },
          }
        : { label: "Check for updates…", action: { kind: "check-for-updates" } },
    );
  items.push({ type: "separator" }, { label: "Quit SSO Tray", action: { kind: "quit" } });
  return items;
}
