// Sign-ins that IAM Identity Center refused (revoked, or the session ended), remembered on disk
// so that every process, the app and each `ssotray` run, reports them until a new sign-in or a
// successful refresh. Kept by a digest of the refused access token, never the token itself.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { isFolderProblem, makeFolder } from "../aws-files/write-failure.js";
import path from "node:path";
import { writeFileAtomically } from "../files/atomic-write.js";
import { z } from "zod";
import type { CachedToken } from "./token-cache.js";
import type { Locations } from "../locations.js";

export function tokenDigest(accessToken: string): string {
  return createHash("sha256").update(accessToken, "utf8").digest("hex");
}

/** A refresh that failed for good, remembered for the access token it was meant to replace. */
export interface KnownFailure {
  /** tokenDigest() of that access token. */
  token: string;
  why: string;
}

export function failureApplies(
  failure: KnownFailure | undefined,
  token: CachedToken,
): failure is KnownFailure {
  return failure !== undefined && failure.token === tokenDigest(token.accessToken);
}

const fileSchema = z.record(
  z.string(),
  z.object({ token: z.string().regex(/^[0-9a-f]{64}$/), why: z.string().max(500) }),
);

export class FailureStore {
  private readonly file: string;
  private writing: Promise<void> = Promise.resolve();

  constructor(locations: Locations) {
    this.file = locations.signInFailures;
  }

  /** What is on disk now; a missing or damaged file means none. */
  async all(): Promise<Map<string, KnownFailure>> {
    try {
      const parsed = fileSchema.safeParse(JSON.parse(await readFile(this.file, "utf8")));
      return new Map(parsed.success ? Object.entries(parsed.data) : []);
    } catch {
      return new Map();
    }
  }

  async set(session: string, failure: KnownFailure | undefined): Promise<void> {
    // Read-modify-write, one at a time in this process; another process's entry for another
    // session survives unless both write in the same instant.
    this.writing = this.writing.then(async () => {
      const all = await this.all();
      if (failure) all.set(session, failure);
      else if (!all.delete(session)) return;
      try {
        await makeFolder(path.dirname(this.file));
        await writeFileAtomically(this.file, JSON.stringify(Object.fromEntries(all)), {
          mode: 0o600,
        });
      } catch (error) {
        // A record for other processes, not the answer: without it they ask the service again,
        // and are told the same.
        if (!isFolderProblem(error)) throw error;
      }
    });
    await this.writing;
  }
}
