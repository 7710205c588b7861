// The user's settings, shared by the app and the CLI (aliases name generated profiles), kept as
// JSON in the data folder. Read through a schema: a damaged file is set aside, never thrown away,
// and the defaults take over with a warning.
import { mkdir } from "node:fs/promises";
import { readCheckedJson } from "../files/checked-json.js";
import { dirname } from "node:path";
import { writeFileAtomically } from "../files/atomic-write.js";
import { z } from "zod";
import {
  acceleratorSchema,
  accountIdSchema,
  credentialFormatSchema,
  regionSchema,
  roleRefSchema,
  type SettingsPatch,
} from "../../shared/api.js";
import { acceleratorProblem } from "../../shared/accelerator.js";
import { PROXY_MODES, proxyUrlProblem } from "../../shared/proxy-url.js";
import { withoutInvisible } from "../../shared/visible-text.js";
import type { ProxyChoice } from "../network/proxy-for-url.js";
import { consoleBrowserSettingsSchema } from "../../shared/console-browser-schema.js";
import {
  DEFAULT_SETTINGS,
  ENVIRONMENTS,
  type Environment,
  type RoleRef,
  type Settings,
} from "../../shared/model.js";
import type { Locations } from "../locations.js";

export const RECENT_LIMIT = 10;

const settingsSchema = z.object({
  defaultRegion: regionSchema.optional().catch(undefined),
  clipboardClearSeconds: z
    .number()
    .int()
    .min(0)
    .max(3600)
    .catch(DEFAULT_SETTINGS.clipboardClearSeconds),
  startAtLogin: z.boolean().catch(DEFAULT_SETTINGS.startAtLogin),
  // A shortcut Electron cannot parse would throw at every start: the default takes its place.
  globalShortcut: acceleratorSchema.catch(DEFAULT_SETTINGS.globalShortcut),
  defaultFormat: credentialFormatSchema.catch(DEFAULT_SETTINGS.defaultFormat),
  favorites: z.array(roleRefSchema).catch([]),
  recent: z.array(roleRefSchema).catch([]),
  accounts: z
    .record(
      accountIdSchema,
      z.object({
        // An alias shows and names profiles: nothing invisible in it, from any hand.
        alias: z
          .string()
          .max(64)
          .transform((a) => withoutInvisible(a).trim() || undefined)
          .optional(),
        color: z.string().max(32).optional(),
        environment: z.enum(ENVIRONMENTS).optional().catch(undefined),
      }),
    )
    .catch({}),
  theme: z.enum(["system", "light", "dark"]).catch(DEFAULT_SETTINGS.theme),
  expiryWarningMinutes: z
    .number()
    .int()
    .min(1)
    .max(120)
    .catch(DEFAULT_SETTINGS.expiryWarningMinutes),
  keepSignInInKeychain: z.boolean().catch(DEFAULT_SETTINGS.keepSignInInKeychain),
  proxyMode: z.enum(PROXY_MODES).catch(DEFAULT_SETTINGS.proxyMode),
  proxyUrl: z
    .string()
    .max(2048)
    .refine((text) => text === "" || proxyUrlProblem(text) === undefined)
    .catch(DEFAULT_SETTINGS.proxyUrl),
  consoleBrowsers: consoleBrowserSettingsSchema.catch(DEFAULT_SETTINGS.consoleBrowsers),
  accountListFreshHours: z
    .number()
    .int()
    .min(0)
    .max(720)
    .catch(DEFAULT_SETTINGS.accountListFreshHours),
  // A settings file from before the setting existed reads as on, the default.
  checkForUpdates: z.boolean().catch(DEFAULT_SETTINGS.checkForUpdates),
});

/** The proxy Settings choose, for the network layer; a URL choice without a usable URL falls back to the environment. */
export function proxyChoiceOf(settings: Settings): ProxyChoice {
  if (settings.proxyMode === "none") return { mode: "none" };
  if (settings.proxyMode === "url" && settings.proxyUrl && !proxyUrlProblem(settings.proxyUrl))
    return { mode: "url", url: settings.proxyUrl };
  return { mode: "environment" };
}

function sameRole(a: RoleRef, b: RoleRef): boolean {
  return (
    a.session === b.session &&
    a.accountId === b.accountId &&
    a.roleName === b.roleName &&
    a.profile === b.profile &&
    a.roleArn === b.roleArn
  );
}

/** Reads the settings; a missing file gives the defaults, a damaged one is renamed aside. */
export async function loadSettings(
  locations: Locations,
  warn: (message: string) => void = () => undefined,
): Promise<Settings> {
  const read = await readCheckedJson(locations.settings, settingsSchema, (aside) =>
    warn(
      `Your settings file was damaged and has been set aside as ${aside}; SSO Tray is using default settings.`,
    ),
  );
  if (!read) return structuredClone(DEFAULT_SETTINGS);
  const stored = (read.raw as { globalShortcut?: unknown }).globalShortcut;
  if (typeof stored === "string" && stored !== read.value.globalShortcut)
    warn(
      `The saved global shortcut '${stored}' is not one Electron accepts (${acceleratorProblem(stored) ?? "too long"}); SSO Tray uses ${DEFAULT_SETTINGS.globalShortcut} until you choose another in Settings.`,
    );
  return read.value as Settings;
}

export class SettingsStore {
  private current: Settings | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly locations: Locations,
    private readonly warn: (message: string) => void = () => undefined,
  ) {}

  async get(): Promise<Settings> {
    this.current ??= await loadSettings(this.locations, this.warn);
    return this.current;
  }

  private async save(next: Settings): Promise<Settings> {
    this.current = next;
    const path = this.locations.settings;
    const text = JSON.stringify(next, null, 2) + "\n";
    // Writes run one after another so an older state never lands after a newer one.
    this.writing = this.writing.then(async () => {
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
      await writeFileAtomically(path, text, { mode: 0o600 });
    });
    await this.writing;
    return next;
  }

  async update(patch: SettingsPatch): Promise<Settings> {
    const next: Settings = { ...(await this.get()) };
    for (const [key, value] of Object.entries(patch)) {
      if (key === "defaultRegion") next.defaultRegion = (value as string | null) ?? undefined;
      else (next as unknown as Record<string, unknown>)[key] = value;
    }
    return this.save(next);
  }

  async toggleFavorite(role: RoleRef): Promise<Settings> {
    const settings = await this.get();
    const present = settings.favorites.some((f) => sameRole(f, role));
    return this.save({
      ...settings,
      favorites: present
        ? settings.favorites.filter((f) => !sameRole(f, role))
        : [...settings.favorites, role],
    });
  }

  async setAccountDecoration(
    accountId: string,
    decoration: { alias?: string | null; color?: string | null; environment?: Environment | null },
  ): Promise<Settings> {
    const settings = await this.get();
    const merged = { ...settings.accounts[accountId] };
    if (decoration.alias !== undefined)
      merged.alias = withoutInvisible(decoration.alias ?? "").trim() || undefined;
    if (decoration.color !== undefined) merged.color = decoration.color ?? undefined;
    if (decoration.environment !== undefined)
      merged.environment = decoration.environment ?? undefined;
    const accounts = { ...settings.accounts };
    if (Object.values(merged).every((value) => value === undefined)) delete accounts[accountId];
    else accounts[accountId] = merged;
    return this.save({ ...settings, accounts });
  }

  async recordRecent(role: RoleRef): Promise<Settings> {
    const settings = await this.get();
    const recent = [role, ...settings.recent.filter((r) => !sameRole(r, role))].slice(
      0,
      RECENT_LIMIT,
    );
    return this.save({ ...settings, recent });
  }
}

/** Aliases by account id, for profile names. */
export function aliasesOf(settings: Settings): Record<string, string> {
  return Object.fromEntries(
    Object.entries(settings.accounts).flatMap(([id, d]) =>
      d.alias ? [[id, d.alias] as const] : [],
    ),
  );
}
