// Signing out of a session, the one way every door does it (the app, `ssotray logout`,
// `ssotray session remove`): the sign-in and every copy of its token, the role credentials cached
// from it (ours and the AWS CLI's), and the keys written for it into ~/.aws/credentials.
import { removeCredentialsProfiles } from "../aws-files/credentials-profiles.js";
import type { Locations } from "../locations.js";
import type { RoleCredentialsProvider } from "../portal/role-credentials.js";
import type { SessionManager } from "./session-manager.js";

export interface SignOutParts {
  locations: Locations;
  sessions: Pick<SessionManager, "signOut">;
  credentials: Pick<RoleCredentialsProvider, "forget">;
}

export async function signOutEverywhere(parts: SignOutParts, session: string): Promise<void> {
  await parts.sessions.signOut(session);
  await parts.credentials.forget(session);
  await removeCredentialsProfiles(parts.locations, { session });
}
