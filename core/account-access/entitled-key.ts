// The name of the file an entitled role's credentials are kept in: one per session and role ARN.
// Its own module, importing only sha1.ts, because `ssotray credential-process --role-arn` answers
// from that file before anything else loads (cli/fast-credential-process.ts).
import { sha1Hex } from "../aws-files/sha1.js";

export function entitledCredentialKey(session: string, roleArn: string): string {
  return `entitled-${sha1Hex(JSON.stringify([session, roleArn]))}`;
}
