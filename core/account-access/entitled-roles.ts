// A session's account access manager roles: listed from its tenant with the session's access
// token, kept on disk beside the account lists (<cache>/entitled/<sha1(session)>.json, which the
// app and `ssotray` share), and their credentials fetched by ARN and kept like a chained role's
// (kept-credentials.ts: in memory, and for the CLI in a file a sign-out removes). A token the API
// refuses is refreshed once and the call tried again; refused again, the session needs a sign-in.
import { createHash } from "node:crypto";
import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import type { EntitledRole, RoleCredentials, SessionStatus } from "../../shared/model.js";
import { ROLE_ARN_SHAPE, TENANT_ID_SHAPE } from "../../shared/api.js";
import { writeFileAtomically } from "../files/atomic-write.js";
import type { Locations } from "../locations.js";
import type { Env } from "../network/proxy-for-url.js";
import { ENTITLED_PROVIDER, KeptCredentials } from "../portal/kept-credentials.js";
import { entitledCredentialKey } from "./entitled-key.js";
import { displayText, shown } from "../portal/portal-shapes.js";
import { SignInNeededError } from "../sessions/session-errors.js";
import {
  AccountAccessError,
  entitledRoleCredentials,
  listEntitledRoles,
  MAX_ENTITLED_ROLES,
  type AccountAccessCall,
} from "./runtime-client.js";

/** What the entitled roles need from the session manager. */
export interface EntitledSessions {
  get(name: string): Promise<SessionStatus>;
  accessToken(name: string, options?: { forceRefresh?: boolean }): Promise<string>;
  signInMark(name: string): Promise<string | undefined>;
}

export interface EntitledRolesOptions {
  env: Env;
  locations: Locations;
  sessions: EntitledSessions;
  /** When set, credentials are also kept in <cacheDir>/credentials/ (the CLI). */
  credentialCacheDir?: string;
  now?: () => number;
  warn?: (message: string) => void;
  /** Waits between retries of a throttled call; tests pass a short one. */
  sleep?: (ms: number) => Promise<void>;
}

/** The session has no tenant: what to do about it. */
export class NoTenantError extends Error {
  constructor(readonly session: string) {
    super(
      `Session '${session}' names no account access tenant; name it with \`ssotray login --session ${session} --tenant-id aa-…\` or in the session's menu in SSO Tray`,
    );
    this.name = "NoTenantError";
  }
}

const fileSchema = z.object({
  version: z.literal(1),
  session: z.string(),
  startUrl: z.string(),
  region: z.string(),
  tenantId: z.string(),
  listedAt: z.iso.datetime({ offset: true }),
  roles: z.array(z.unknown()).max(MAX_ENTITLED_ROLES),
});
const roleSchema = z.object({
  accountId: z.string().regex(/^\d{12}$/),
  accountName: z.string().max(256).optional(),
  roleArn: z.string().max(2048).regex(ROLE_ARN_SHAPE),
});

export function entitledCacheFile(cacheDir: string, session: string): string {
  const hash = createHash("sha1").update(session, "utf8").digest("hex");
  return path.join(cacheDir, "entitled", `${hash}.json`);
}

/** The role as SSO Tray shows and names it: the name from the ARN, no control characters. */
function entitled(
  session: string,
  role: { accountId: string; accountName?: string | undefined; roleArn: string },
): EntitledRole {
  const name = role.accountName === undefined ? "" : displayText(role.accountName);
  return {
    session,
    accountId: role.accountId,
    ...(name ? { accountName: name } : {}),
    roleArn: role.roleArn,
    roleName: ROLE_ARN_SHAPE.exec(role.roleArn)![2]!,
  };
}

/** Each role with its account's name: the API's, else the portal's list's (the API may have none). */
export function withAccountNames(
  roles: readonly EntitledRole[],
  accounts: readonly { accountId: string; accountName: string }[] | undefined,
): EntitledRole[] {
  const names = new Map(accounts?.map((a) => [a.accountId, a.accountName]));
  return roles.map((role) => {
    const name = role.accountName ?? names.get(role.accountId);
    return name === undefined ? role : { ...role, accountName: name };
  });
}

export class EntitledRoles {
  private readonly now: () => number;
  private readonly warn: (message: string) => void;
  private readonly kept: KeptCredentials;

  constructor(private readonly options: EntitledRolesOptions) {
    this.now = options.now ?? Date.now;
    this.warn = options.warn ?? (() => undefined);
    this.kept = new KeptCredentials({
      sessions: options.sessions,
      ...(options.credentialCacheDir ? { cacheDir: options.credentialCacheDir } : {}),
      now: this.now,
    });
  }

  /** The roles the session's tenant entitles it to, from the API; kept for the next reader. */
  async list(session: string): Promise<EntitledRole[]> {
    const status = await this.options.sessions.get(session);
    const tenantId = tenantOf(status);
    const found = await this.withToken(status, (call) => listEntitledRoles(call, this.warn));
    const roles = found.map((role) => entitled(session, role));
    const file = entitledCacheFile(this.options.locations.cache, session);
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    await writeFileAtomically(
      file,
      JSON.stringify({
        version: 1,
        session,
        startUrl: status.startUrl,
        region: status.region,
        tenantId,
        listedAt: new Date(this.now()).toISOString(),
        roles: roles.map(({ accountId, accountName, roleArn }) => ({
          accountId,
          ...(accountName !== undefined ? { accountName } : {}),
          roleArn,
        })),
      }),
      { mode: 0o600 },
    );
    return roles;
  }

  /**
   * The roles last listed for the session as it is configured now (same start URL, region and
   * tenant), or undefined; what does not look right in the file is left out, as from the API.
   */
  async cached(session: string | SessionStatus): Promise<EntitledRole[] | undefined> {
    const status = typeof session === "string" ? await this.options.sessions.get(session) : session;
    if (status.accountAccessTenant === undefined) return undefined;
    let data: unknown;
    try {
      data = JSON.parse(
        await readFile(entitledCacheFile(this.options.locations.cache, status.name), "utf8"),
      );
    } catch {
      return undefined; // none yet, or unreadable: the next listing writes it again
    }
    const file = fileSchema.safeParse(data);
    if (
      !file.success ||
      file.data.session !== status.name ||
      file.data.startUrl !== status.startUrl ||
      file.data.region !== status.region ||
      file.data.tenantId !== status.accountAccessTenant
    )
      return undefined;
    return file.data.roles.flatMap((item) => {
      const role = roleSchema.safeParse(item);
      return role.success ? [entitled(status.name, role.data)] : [];
    });
  }

  /** Credentials for one entitled role of the session, by its ARN. */
  credentials(
    ref: { session: string; roleArn: string },
    options: { forceRefresh?: boolean } = {},
  ): Promise<RoleCredentials> {
    const key = entitledCredentialKey(ref.session, ref.roleArn);
    return this.kept.get(
      {
        session: ref.session,
        key,
        describe: { ProviderType: ENTITLED_PROVIDER, RoleArn: ref.roleArn },
        fetch: async () => {
          const status = await this.options.sessions.get(ref.session);
          return this.withToken(status, (call) =>
            entitledRoleCredentials({ ...call, roleArn: ref.roleArn }),
          );
        },
      },
      options,
    );
  }

  /** Forgets the credentials in memory for a session (all when none is named). */
  forget(session?: string): void {
    this.kept.forget(session);
  }

  /** Runs a call with the session's token; a refused token is refreshed once. */
  private async withToken<T>(
    status: SessionStatus,
    work: (call: AccountAccessCall) => Promise<T>,
  ): Promise<T> {
    const tenantId = tenantOf(status);
    const call = (accessToken: string): AccountAccessCall => ({
      env: this.options.env,
      locations: this.options.locations,
      region: status.region,
      startUrl: status.startUrl,
      tenantId,
      accessToken,
      ...(this.options.sleep ? { sleep: this.options.sleep } : {}),
    });
    const { sessions } = this.options;
    try {
      return await work(call(await sessions.accessToken(status.name)));
    } catch (error) {
      if (!(error instanceof AccountAccessError) || !error.unauthorized) throw error;
    }
    try {
      return await work(call(await sessions.accessToken(status.name, { forceRefresh: true })));
    } catch (error) {
      if (error instanceof AccountAccessError && error.unauthorized)
        throw new SignInNeededError(
          status.name,
          `account access (tenant ${shown(tenantId, 30)}) refused its sign-in`,
          { cause: error },
        );
      throw error;
    }
  }
}

function tenantOf(status: SessionStatus): string {
  const tenant = status.accountAccessTenant;
  if (tenant === undefined || !TENANT_ID_SHAPE.test(tenant)) throw new NoTenantError(status.name);
  return tenant;
}
