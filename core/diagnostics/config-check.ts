// The AWS config must parse, the way botocore reads it (the parser refuses exactly what botocore
// refuses: config-file.botocore.test.ts): a broken line is named by file and line number.
import { readConfig } from "../aws-files/config-store.js";
import { sessionsFromConfig } from "../sessions/session-config.js";
import { displayPath, type Locations } from "../locations.js";
import { found, type Finding } from "./finding.js";

export async function checkConfigFile(locations: Locations): Promise<Finding[]> {
  const shown = displayPath(locations.awsConfig, locations);
  let snapshot;
  try {
    snapshot = await readConfig(locations);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT")
      return [
        found(
          "config",
          "warning",
          `${shown} does not exist yet; \`ssotray login --start-url URL --region REGION\` adds a session`,
        ),
      ];
    // ConfigSyntaxError says "<file> line N: what; fix"; a read error names the file and why.
    return [found("config", "error", (error as Error).message)];
  }
  const warnings: string[] = [];
  const sessions = sessionsFromConfig(snapshot.sections, shown, (m) => warnings.push(m));
  const out: Finding[] = [
    found(
      "config",
      "ok",
      `${shown} parses as the AWS CLI reads it (${sessions.length} session${sessions.length === 1 ? "" : "s"})`,
    ),
  ];
  for (const w of warnings) out.push(found("config", "warning", w));
  for (const s of sessions) if (s.problem) out.push(found("config", "error", s.problem));
  return out;
}
