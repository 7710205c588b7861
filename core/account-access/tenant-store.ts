// Which account access manager tenant (aa-…) each session lists entitled roles from. The AWS CLI
// has no config key for it, so it lives in SSO Tray's data folder (Locations.accountAccessTenants),
// apart from settings.json: `ssotray login --tenant-id` writes it while the app may be running,
// and both read it afresh each time, so neither overwrites the other's choice with a stale copy.
// A tenant belongs to the start URL it was given for: a session removed and added again under the
// same name for another instance does not inherit it.
import { mkdir } from "node:fs/promises";
import { readCheckedJson } from "../files/checked-json.js";
import { dirname } from "node:path";
import { z } from "zod";
import { TENANT_ID_SHAPE } from "../../shared/api.js";
import { writeFileAtomically } from "../files/atomic-write.js";
import type { Locations } from "../locations.js";
import { sameStartUrl } from "../sessions/session-target.js";

const fileSchema = z.object({
  version: z.literal(1),
  sessions: z.record(
    z.string().max(128),
    z.object({ startUrl: z.string().max(2048), tenantId: z.string().regex(TENANT_ID_SHAPE) }),
  ),
});

type TenantFile = z.infer<typeof fileSchema>;

export interface TenantOwner {
  name: string;
  startUrl: string;
}

async function readTenantFile(
  locations: Locations,
  warn: (message: string) => void,
): Promise<TenantFile> {
  const read = await readCheckedJson(locations.accountAccessTenants, fileSchema, (aside) =>
    // Set aside, never thrown away: the user can read the tenant ids back out of it.
    warn(
      `The file of account access tenants was damaged and has been set aside as ${aside}; name each session's tenant again (ssotray login --tenant-id, or the session's menu in the app)`,
    ),
  );
  return read?.value ?? { version: 1, sessions: {} };
}

/** Every session's tenant id, by session name, for the start URLs the sessions have now. */
export async function readTenants(
  locations: Locations,
  sessions: readonly TenantOwner[],
  warn: (message: string) => void = () => undefined,
): Promise<Map<string, string>> {
  const file = await readTenantFile(locations, warn);
  const out = new Map<string, string>();
  for (const session of sessions) {
    const entry = Object.hasOwn(file.sessions, session.name)
      ? file.sessions[session.name]
      : undefined;
    if (entry && sameStartUrl(entry.startUrl, session.startUrl))
      out.set(session.name, entry.tenantId);
  }
  return out;
}

export async function tenantOf(
  locations: Locations,
  session: TenantOwner,
  warn: (message: string) => void = () => undefined,
): Promise<string | undefined> {
  return (await readTenants(locations, [session], warn)).get(session.name);
}

/** Names the session's tenant, or forgets it (undefined). */
export async function setTenant(
  locations: Locations,
  session: TenantOwner,
  tenantId: string | undefined,
  warn: (message: string) => void = () => undefined,
): Promise<void> {
  if (tenantId !== undefined && !TENANT_ID_SHAPE.test(tenantId))
    throw new Error(
      `A tenant id looks like aa-example (aa- then up to 21 lowercase letters, digits or -), not ${JSON.stringify(tenantId.slice(0, 40))}`,
    );
  const file = await readTenantFile(locations, warn);
  const sessions = { ...file.sessions };
  if (tenantId === undefined) {
    if (!Object.hasOwn(sessions, session.name)) return;
    delete sessions[session.name];
  } else {
    sessions[session.name] = { startUrl: session.startUrl, tenantId };
  }
  await mkdir(dirname(locations.accountAccessTenants), { recursive: true, mode: 0o700 });
  await writeFileAtomically(
    locations.accountAccessTenants,
    JSON.stringify({ version: 1, sessions } satisfies TenantFile, null, 2) + "\n",
    { mode: 0o600 },
  );
}
