// Every call of the contract by name, without its schema: what the preload needs to expose
// `window.sso`. shared/api.ts checks at compile time that this list and its `calls` agree.
export const CALL_NAMES = [
  "getState",
  "addSession",
  "signIn",
  "cancelSignIn",
  "openSignInPage",
  "copySignInCode",
  "signOut",
  "refreshAccounts",
  "loadAccountRoles",
  "copyCredentials",
  "revealCredentials",
  "concealCredentials",
  "openConsole",
  "copyConsoleLink",
  "copyExecLine",
  "updateSettings",
  "toggleFavorite",
  "setAccountDecoration",
  "populateProfiles",
  "hideWindow",
] as const;
