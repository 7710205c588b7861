// Signing out of a session, the one way every door does it (the app, `ssotray logout`,
// `ssotray session remove`): the sign-in and every copy of its token, the role credentials cached
// from it (ours and the AWS CLI's), and the keys written for it into ~/.aws/credentials.
import path from "node:path";
import { removeCredentialsProfiles } from "../aws-files/credentials-profiles.js";
import { removeLeftoversOf } from "../files/atomic-write.js";
import { isFolderProblem, writeFailure } from "../aws-files/write-failure.js";
import { displayPath, type Locations } from "../locations.js";
import type { RoleCredentialsProvider } from "../portal/role-credentials.js";
import type { SessionManager } from "./session-manager.js";

export interface SignOutParts {
  locations: Locations;
  sessions: Pick<SessionManager, "signOut">;
  credentials: Pick<RoleCredentialsProvider, "forget">;
}

/** A sign-out that could not remove everything, saying what is left and what to fix. */
export class SignOutIncompleteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SignOutIncompleteError";
  }
}

export async function signOutEverywhere(parts: SignOutParts, session: string): Promise<void> {
  const left: string[] = [];
  // Every part is tried, whatever an earlier one could not remove: a read-only or full folder
  // must not keep keys elsewhere alive.
  const attempt = async (what: string, remove: () => Promise<unknown>) => {
    try {
      await remove();
    } catch (error) {
      if (!isFolderProblem(error)) throw error;
      const file = (error as NodeJS.ErrnoException).path;
      const folder = file ? path.dirname(file) : parts.locations.home;
      left.push(writeFailure(error, what, folder, displayPath(folder, parts.locations), "removed"));
    }
  };
  await attempt("its sign-in", () => parts.sessions.signOut(session));
  await attempt("its cached role credentials", () => parts.credentials.forget(session));
  await attempt("its keys in the credentials file", async () => {
    // Only when there is something to remove: a credentials file we never wrote into is not
    // even locked (a read-only ~/.aws would refuse the lock).
    const ours = await removeCredentialsProfiles(parts.locations, { session, dryRun: true });
    if (ours.length > 0) await removeCredentialsProfiles(parts.locations, { session });
    // What a killed write of it left holds keys too, yours included, whatever its age: only our
    // own temporary names (a `credentials.<n>` in ~/.aws may be your own copy).
    await removeLeftoversOf(parts.locations.awsCredentials, { legacy: false });
  });
  if (left.length > 0)
    throw new SignOutIncompleteError(
      `Session '${session}' is not fully signed out: ${left.join("; ")}. Then run \`ssotray logout --session ${session}\` again`,
    );
}
