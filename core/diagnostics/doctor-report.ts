// The doctor report as one text: the checks, then the report with every endpoint, for `ssotray
// doctor --report` and the app's Diagnostics → Copy report.
import type { Finding } from "./finding.js";
import { endpointsText } from "./endpoints-text.js";
import { buildReport } from "./report.js";
import { runChecks, type DoctorInput } from "./run-checks.js";
import { sessionEndpoints } from "./session-endpoints.js";

export async function doctorReport(
  input: DoctorInput,
  version: string,
  findings?: readonly Finding[],
): Promise<string> {
  const checked = findings ?? (await runChecks(input));
  const { sessions } = await sessionEndpoints(input.env, input.locations).catch(() => ({
    sessions: [],
  }));
  return buildReport({
    locations: input.locations,
    version,
    findings: checked,
    endpoints: sessions.map(endpointsText).join(""),
  });
}
