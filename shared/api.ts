// The one contract between the renderer and the main process. Every call the UI can make and every
// event it can receive is declared here once, with a schema for its input. The main process
// registers exactly these channels and validates every argument with these schemas before it
// reaches core; the preload and the e2e binding both expose them as `window.sso` through
// `createApiClient` (shared/api-client.ts). Nothing here may carry an SSO access or refresh token.
import { z } from "zod";
import { acceleratorProblem } from "./accelerator.js";
import { PROXY_MODES, proxyUrlProblem } from "./proxy-url.js";
import { consoleBrowserSettingsSchema } from "./console-browser-schema.js";
import { ApiError } from "./api-error.js";
import {
  ROLE_ARN_MESSAGE,
  ROLE_ARN_SHAPE,
  TENANT_ID_MESSAGE,
  TENANT_ID_SHAPE,
} from "./iam-shapes.js";
import type { CALL_NAMES } from "./call-names.js";
import { MAX_REGIONS } from "./region-list.js";
import { REGION_SHAPE } from "./regions.js";
import {
  CREDENTIAL_FORMATS,
  ENVIRONMENTS,
  type CredentialFormat,
  type RoleCredentials,
  type AccountsDelta,
  type ChainedRole,
  type EntitledRole,
  type SessionAccounts,
  type SessionStatus,
  type Settings,
  type SignInPrompt,
} from "./model.js";

// ---- input schemas -------------------------------------------------------------------------

/** Section names in ~/.aws/config: anything botocore accepts in a header, within reason. */
export const sessionNameSchema = z
  .string()
  .min(1, "A session name is needed")
  .max(128, "A session name is at most 128 characters")
  .regex(/^[^\]\r\n]+$/, "A session name cannot contain ']' or a line break");

export const accountIdSchema = z.string().regex(/^\d{12}$/, "An AWS account id is 12 digits");

/** IAM role names: https://docs.aws.amazon.com/IAM/latest/APIReference/API_Role.html */
export const roleNameSchema = z
  .string()
  .regex(/^[\w+=,.@-]{1,64}$/, "A role name is 1 to 64 letters, digits or +=,.@_-");

export const regionSchema = z
  .string()
  .regex(/^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d{1,2}$/, "A region looks like eu-west-1");

/** A profile name as it may appear after `--profile` and on a copied command line. */
export const profileNameSchema = z
  .string()
  .min(1, "A profile name is needed")
  .max(128, "A profile name is at most 128 characters")
  .regex(
    /^(?!-)[^\]\s"'`$\\%!]+$/,
    "A profile name is letters, digits and punctuation other than ] \" ' ` $ \\ % !, without spaces or a leading '-'",
  );

export { ROLE_ARN_SHAPE, TENANT_ID_SHAPE };

export const roleArnSchema = z.string().trim().max(2048).regex(ROLE_ARN_SHAPE, ROLE_ARN_MESSAGE);

export const tenantIdSchema = z.string().trim().regex(TENANT_ID_SHAPE, TENANT_ID_MESSAGE);

export const roleRefSchema = z
  .object({
    session: sessionNameSchema,
    accountId: accountIdSchema,
    roleName: roleNameSchema,
    profile: profileNameSchema.optional(),
    roleArn: roleArnSchema.optional(),
  })
  .strict()
  .refine((ref) => ref.profile === undefined || ref.roleArn === undefined, {
    message: "A role is chained by a profile or entitled by its ARN, not both",
    path: ["roleArn"],
  })
  // The ARN decides which role it is: an account or name that says otherwise is a mix-up.
  .refine(
    (ref) => {
      if (ref.roleArn === undefined) return true;
      const [, accountId, roleName] = ROLE_ARN_SHAPE.exec(ref.roleArn) ?? [];
      return accountId === ref.accountId && roleName === ref.roleName;
    },
    { message: "The account id and role name must be those of the role ARN", path: ["roleArn"] },
  );

export const credentialFormatSchema = z.enum(CREDENTIAL_FORMATS);

const urlTextSchema = z.string().min(1).max(2048);
const noInput = z.object({}).strict();

const consoleTargetSchema = z
  .object({
    role: roleRefSchema,
    region: regionSchema.optional(),
    /** A console URL of the partition or a path such as /s3/home; core checks which. */
    destination: urlTextSchema.optional(),
  })
  .strict();

/** A global shortcut in Electron's accelerator grammar, or "" for none. */
export const acceleratorSchema = z
  .string()
  .max(64, "A shortcut is at most 64 characters")
  .superRefine((text, ctx) => {
    const problem = acceleratorProblem(text);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

const colorSchema = z
  .string()
  .regex(/^(#[0-9a-fA-F]{6}|[a-z]{3,20})$/, "A colour is #rrggbb or a CSS colour name");

export const settingsPatchSchema = z
  .object({
    defaultRegion: regionSchema.nullable(),
    clipboardClearSeconds: z.number().int().min(0).max(3600),
    startAtLogin: z.boolean(),
    globalShortcut: acceleratorSchema,
    defaultFormat: credentialFormatSchema,
    theme: z.enum(["system", "light", "dark"]),
    expiryWarningMinutes: z.number().int().min(1).max(120),
    keepSignInInKeychain: z.boolean(),
    proxyMode: z.enum(PROXY_MODES),
    proxyUrl: z
      .string()
      .max(2048)
      .superRefine((text, ctx) => {
        const problem = text === "" ? undefined : proxyUrlProblem(text);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      }),
    consoleBrowsers: consoleBrowserSettingsSchema,
    accountListFreshHours: z.number().int().min(0).max(720),
    checkForUpdates: z.boolean(),
  })
  .partial()
  .strict()
  // A proxy chosen by URL comes with its URL, so the choice never points at nothing.
  .refine((patch) => patch.proxyMode !== "url" || (patch.proxyUrl ?? "") !== "", {
    message: "Give the proxy's URL with the choice to use it, e.g. http://proxy.example.com:3128",
    path: ["proxyUrl"],
  });

export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

// ---- output types --------------------------------------------------------------------------

export interface AppInfo {
  version: string;
  platform: "darwin" | "win32" | "linux" | "browser";
  /**
   * How secrets the app keeps itself are protected: encrypted by the OS keychain, `basic_text`
   * (Linux without a keyring: Electron would store them in plain text, so the app stores none),
   * or unavailable.
   */
  secretStorage: "encrypted" | "basic_text" | "unavailable";
  /** The data folder shared by the app and `ssotray`, as shown to the user (~ for home). */
  dataFolder?: string;
}

export interface AppState {
  sessions: SessionStatus[];
  accounts: SessionAccounts[];
  settings: Settings;
  info: AppInfo;
  /**
   * Set when `firstScreen` left accounts out: each list holds its first accounts and those of
   * the favourites and recent roles, with `complete: false` and no revision. Ask getState({})
   * for the rest.
   */
  partial?: boolean;
  /** Roles chained from the sessions' roles by profiles in ~/.aws/config. */
  chainedRoles: ChainedRole[];
  /** Roles account access manager entitles the user to, for sessions with a tenant id. */
  entitledRoles: EntitledRole[];
}

export interface CopyResult {
  /** When the copied credentials or link stop working (ISO 8601). */
  expiresAt?: string;
  /** Seconds after which the clipboard is cleared if it still holds the secret; 0 = never. */
  clearsInSeconds: number;
}

export interface PopulateSummary {
  added: string[];
  updated: string[];
  removed: string[];
  skipped: Array<{ name: string; reason: string }>;
  /** A unified diff of ~/.aws/config; empty when nothing changes. */
  diff: string;
  configPath: string;
}

/** "Install command line tool": where the `ssotray` link goes and whether it is there. */
export interface CliToolStatus {
  /** This app carries the executable (a development build may not). */
  available: boolean;
  /** Where the link goes, or is: ~/.local/bin/ssotray, /usr/local/bin/ssotray, … */
  link: string;
  installed: boolean;
  /** The link's folder is on PATH (on Windows, for terminals opened after the install). */
  onPath: boolean;
  /** Something SSO Tray did not make is at the link's place, said in words. */
  conflict?: string;
}

/** A new release, downloaded and verified, that a restart installs. */
export interface UpdateReady {
  version: string;
  /** What is new, as plain text (the release's notes, shortened). */
  notes: string;
  /** ISO 8601, when the feed says. */
  releaseDate?: string;
}

/** One finding of the doctor checks (`ssotray doctor`), for Settings → Diagnostics. */
export interface DiagnosticFinding {
  check: string;
  /** An error stops sign-in or credentials; a warning is worth knowing. */
  severity: "ok" | "warning" | "error";
  message: string;
}

/** A session's FIPS and dual-stack choice, as its [sso-session] holds it. */
export interface SessionEndpointChoice {
  fips: boolean;
  dualStack: boolean;
}

export interface Notice {
  level: "info" | "warning" | "error";
  message: string;
  session?: string;
}

// ---- the contract --------------------------------------------------------------------------

/** Binds an input schema to an output type; the output exists only at the type level. */
interface CallSpec<I extends z.ZodType, O> {
  input: I;
  output?: O;
}
function call<O>() {
  return <I extends z.ZodType>(input: I): CallSpec<I, O> => ({ input });
}

export const calls = {
  /**
   * Everything the UI needs for its first paint, in one round trip. With `firstScreen`, only that
   * many accounts of each list (and those the favourites and recent roles are in): a 5,000-account
   * list is ~1 MB, which the first screen does not need to wait for.
   */
  getState: call<AppState>()(
    z.object({ firstScreen: z.number().int().min(1).max(1000).optional() }).strict(),
  ),
  addSession: call<SessionStatus>()(
    z
      .object({
        startUrl: urlTextSchema,
        region: regionSchema,
        name: sessionNameSchema.optional(),
        /** An account access manager tenant: its entitled roles are listed too. */
        tenantId: tenantIdSchema.optional(),
        /** use_fips_endpoint / use_dualstack_endpoint for the session, its first sign-in included. */
        fips: z.boolean().optional(),
        dualStack: z.boolean().optional(),
      })
      .strict(),
  ),
  /**
   * Names the session's account access manager tenant (null: none). The next sign-in asks for
   * the account access scopes too; the entitled roles arrive as `entitledRoles`.
   */
  setAccountAccessTenant: call<SessionStatus>()(
    z.object({ session: sessionNameSchema, tenantId: tenantIdSchema.nullable() }).strict(),
  ),
  /** Resolves when the sign-in ends; what the user must do arrives as `signInPrompt` events. */
  signIn: call<SessionStatus>()(
    z.object({ session: sessionNameSchema, method: z.enum(["browser", "device"]) }).strict(),
  ),
  cancelSignIn: call<void>()(z.object({ session: sessionNameSchema }).strict()),
  /** Opens the page of the sign-in under way (the device or authorize page) in the browser. */
  openSignInPage: call<void>()(z.object({ session: sessionNameSchema }).strict()),
  /**
   * Copies the user code of the device sign-in under way. The page cannot write the clipboard
   * itself: the app grants it no permissions.
   */
  copySignInCode: call<void>()(z.object({ session: sessionNameSchema }).strict()),
  signOut: call<void>()(z.object({ session: sessionNameSchema }).strict()),
  /** Starts a background sync (all sessions when none is named); progress arrives as `accounts`. */
  refreshAccounts: call<void>()(z.object({ session: sessionNameSchema.optional() }).strict()),
  /**
   * The user picked (selected, searched to) an account whose roles are not in yet: they are
   * listed ahead of every other call waiting for the portal, and arrive as `accountsChanged`.
   */
  loadAccountRoles: call<void>()(
    z.object({ session: sessionNameSchema, accountId: accountIdSchema }).strict(),
  ),
  copyCredentials: call<CopyResult>()(
    z
      .object({
        role: roleRefSchema,
        format: credentialFormatSchema,
        region: regionSchema.optional(),
      })
      .strict(),
  ),
  /** Only on an explicit user request: the one call that hands role credentials to the renderer. */
  revealCredentials: call<RoleCredentials>()(z.object({ role: roleRefSchema }).strict()),
  /** The revealed credentials are off the screen again (screen capture may resume). */
  concealCredentials: call<void>()(noInput),
  openConsole: call<void>()(consoleTargetSchema),
  copyConsoleLink: call<CopyResult>()(
    consoleTargetSchema.extend({ kind: z.enum(["federation", "portal"]).optional() }).strict(),
  ),
  /** Copies an `ssotray exec` line for the role (no secret in it: the CLI fetches credentials). */
  copyExecLine: call<CopyResult>()(
    z.object({ role: roleRefSchema, region: regionSchema.optional() }).strict(),
  ),
  updateSettings: call<Settings>()(settingsPatchSchema),
  toggleFavorite: call<Settings>()(z.object({ role: roleRefSchema }).strict()),
  setAccountDecoration: call<Settings>()(
    z
      .object({
        accountId: accountIdSchema,
        alias: z.string().trim().max(64).nullable().optional(),
        color: colorSchema.nullable().optional(),
        environment: z.enum(ENVIRONMENTS).nullable().optional(),
      })
      .strict(),
  ),
  populateProfiles: call<PopulateSummary>()(
    z
      .object({
        session: sessionNameSchema.optional(),
        dryRun: z.boolean(),
        template: z.string().min(1).max(200).optional(),
        credentialProcess: z.boolean().optional(),
      })
      .strict(),
  ),
  /**
   * Writes a profile to ~/.aws/config that chains `roleArn` from the role `source` (and, if the
   * role has none yet, an SSO profile for it), as the AWS CLI reads them.
   */
  addChainedRole: call<ChainedRole[]>()(
    z
      .object({
        source: roleRefSchema,
        roleArn: roleArnSchema,
        sessionName: z
          .string()
          .trim()
          .regex(/^[\w+=,.@-]{2,64}$/, "A role session name is 2 to 64 letters, digits or +=,.@_-")
          .optional(),
        externalId: z
          .string()
          .trim()
          .regex(
            /^[\w+=,.@:/-]{2,1224}$/,
            "An external id is 2 to 1,224 letters, digits or +=,.@:/_-",
          )
          .optional(),
        profile: profileNameSchema.optional(),
      })
      .strict(),
  ),
  /** Hides the popup (Escape); a no-op where there is no window. */
  hideWindow: call<void>()(noInput),
  cliToolStatus: call<CliToolStatus>()(noInput),
  /** Links the app's `ssotray` into a folder on PATH (on macOS, after the OS's own prompt). */
  installCliTool: call<CliToolStatus>()(noInput),
  /** Takes that link away again. */
  removeCliTool: call<CliToolStatus>()(noInput),
  /**
   * Quits and installs the update `updateReady` announced; refused while a sign-in is under way
   * and where no update is ready (the browser build never has one).
   */
  installUpdate: call<void>()(noInput),
  /** The doctor checks, as `ssotray doctor` runs them. */
  runDiagnostics: call<DiagnosticFinding[]>()(noInput),
  /** Copies the doctor report (secrets and account ids masked) for a bug report. */
  copyDiagnosticsReport: call<void>()(noInput),
  /**
   * Turns FIPS / dual-stack on or off for a session (use_fips_endpoint, use_dualstack_endpoint in
   * its [sso-session]); with neither given, answers what the session has.
   */
  setSessionEndpoints: call<SessionEndpointChoice>()(
    z
      .object({
        session: sessionNameSchema,
        fips: z.boolean().optional(),
        dualStack: z.boolean().optional(),
      })
      .strict(),
  ),
  /**
   * Sets a session's regions in order (the first becomes sso_region, the rest
   * ssotray_fallback_regions in its [sso-session]); without regions, answers the order it has.
   */
  setSessionRegions: call<string[]>()(
    z
      .object({
        session: sessionNameSchema,
        regions: z
          .array(z.string().regex(REGION_SHAPE, "A region looks like eu-west-1"))
          .min(1, "Give at least one region")
          .max(MAX_REGIONS, `Give at most ${MAX_REGIONS} regions`)
          .optional(),
      })
      .strict(),
  ),
} as const;

export type CallName = keyof typeof calls;
export type CallInput<K extends CallName> = z.input<(typeof calls)[K]["input"]>;
export type CallArgs<K extends CallName> = z.output<(typeof calls)[K]["input"]>;
export type CallOutput<K extends CallName> = Exclude<(typeof calls)[K]["output"], undefined>;

/** Events from main to the renderer, with their payloads. */
export interface Events {
  sessions: SessionStatus[];
  /** One session's whole list: a sync's first snapshot, its end, or its failure. */
  accounts: SessionAccounts;
  /** A sync's progress in between, as the change since the last revision sent. */
  accountsChanged: AccountsDelta;
  settings: Settings;
  /** The chained roles changed (one was added). */
  chainedRoles: ChainedRole[];
  /** Every session's entitled roles, after a listing (or a tenant change). */
  entitledRoles: EntitledRole[];
  signInPrompt: SignInPrompt;
  notice: Notice;
  /** The global shortcut opened the popup: focus the search box. */
  focusSearch: null;
  /** A new release is downloaded and verified: offer "Restart to update". */
  updateReady: UpdateReady;
}
export type EventName = keyof Events;
export const EVENT_NAMES: readonly EventName[] = [
  "sessions",
  "accounts",
  "accountsChanged",
  "settings",
  "chainedRoles",
  "entitledRoles",
  "signInPrompt",
  "notice",
  "focusSearch",
  "updateReady",
];

/** What the renderer sees as `window.sso`. */
export type Api = {
  [K in CallName]: (input: CallInput<K>) => Promise<CallOutput<K>>;
} & {
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
};

/** What the main process implements: inputs arrive already validated. */
export type ApiHandlers = {
  [K in CallName]: (input: CallArgs<K>) => Promise<CallOutput<K>>;
};

export { ApiError, type WireError, type WireResult } from "./api-error.js";

// The call names, listed once more without zod for the preload (shared/call-names.ts); a name
// added here and not there, or the other way round, fails to compile.
type SameNames = [CallName] extends [(typeof CALL_NAMES)[number]]
  ? [(typeof CALL_NAMES)[number]] extends [CallName]
    ? true
    : never
  : never;
const callNamesMatch: SameNames = true;
void callNamesMatch;

/** Validates a call's argument; the message names the call and each wrong field. */
export function parseCallInput<K extends CallName>(name: K, input: unknown): CallArgs<K> {
  const result = calls[name].input.safeParse(input ?? {});
  if (result.success) return result.data as CallArgs<K>;
  const problems = result.error.issues
    .map((issue) => `${issue.path.length ? issue.path.join(".") + ": " : ""}${issue.message}`)
    .join("; ");
  throw new ApiError("InvalidArgument", `${name}: ${problems}`);
}

export function isCallName(value: unknown): value is CallName {
  return typeof value === "string" && Object.hasOwn(calls, value);
}

export type { CredentialFormat };
