// `npm run simulator -- --port 0 --accounts 50 ...`: a simulator for the demo and for trying the
// CLI or the AWS CLI by hand. Prints "listening on URL" first, then the variables to export.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Command, InvalidArgumentError } from "commander";
import { TLS_CERTIFICATE_KINDS, type TlsCertificateKind } from "./tls.js";
import {
  startSimulator,
  type DeviceApproval,
  type SimulatorOptions,
  type StallTarget,
} from "./index.js";
import { EXAMPLE_ACCOUNTS } from "./directory.js";

function int(name: string) {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0)
      throw new InvalidArgumentError(`${name} must be a whole number (got '${value}')`);
    return n;
  };
}

function fraction(value: string): number {
  const n = Number(value);
  if (!(n >= 0 && n <= 1))
    throw new InvalidArgumentError(`must be a fraction from 0 to 1 (got '${value}')`);
  return n;
}

function deviceApproval(value: string): DeviceApproval {
  if (value === "visit" || value === "deny" || value === "never") return value;
  const match = /^after-polls:(\d+)$/.exec(value);
  if (match) return { afterPolls: Number(match[1]) };
  throw new InvalidArgumentError(`must be visit, deny, never or after-polls:N (got '${value}')`);
}

const program = new Command("simulator")
  .description(
    "A local IAM Identity Center (SSO OIDC, portal, console federation, STS) on 127.0.0.1",
  )
  .option("--port <n>", "port to listen on (0: any free port)", int("--port"), 0)
  .option("--accounts <n>", "number of accounts, 3 to 10,000", int("--accounts"), 50)
  .option(
    "--roles-per-account <n>",
    "roles assigned in each account",
    int("--roles-per-account"),
    3,
  )
  .option("--latency-ms <n>", "delay before every answer", int("--latency-ms"), 0)
  .option(
    "--portal-rate-limit <n>",
    "calls per second shared by the portal APIs (AWS: 20)",
    int("--portal-rate-limit"),
  )
  .option("--server-error-rate <f>", "fraction of calls answered 500", fraction, 0)
  .option("--drop-rate <f>", "fraction of connections dropped", fraction, 0)
  .option(
    "--stall <targets>",
    "never answer these: oidc, portal, federation, sts or a /path (comma-separated)",
    (v: string) => v.split(",").map((t) => t.trim()) as StallTarget[],
  )
  .option(
    "--device-approval <mode>",
    "visit | deny | never | after-polls:N",
    deviceApproval,
    "visit" as DeviceApproval,
  )
  .option("--authorize-approval <mode>", "auto | page | deny", "page")
  .option(
    "--single-use-refresh-tokens",
    "a refresh cancels the refresh token it used (the default)",
  )
  .option(
    "--no-single-use-refresh-tokens",
    "an old refresh token keeps working until the session ends",
  )
  .option(
    "--refresh-answer-delay-ms <n>",
    "carry out refreshes at once but answer them this late",
    int("--refresh-answer-delay-ms"),
    0,
  )
  .option(
    "--lost-refresh-answers <n>",
    "carry out the next N refreshes, then drop their connections unanswered",
    int("--lost-refresh-answers"),
    0,
  )
  .option("--region <region>", "the instance's region", "us-east-1")
  .option(
    "--no-example-accounts",
    "leave out the accounts the documentation's examples name (payments-prod, 111111111111, …)",
  )
  .option("--request-log <file>", "append every request as a JSON line to this file")
  .option(
    "--chain-roles <patterns>",
    "role ARNs (comma-separated, * as a wildcard) that issued role credentials may assume with sts:AssumeRole",
    (v: string) => v.split(",").map((t) => t.trim()),
  )
  .option(
    "--account-access-tenant <id>",
    "turn on the Account Access Runtime API (account access manager) for this tenant id, e.g. aa-example (the one the documentation's examples name)",
  )
  .option(
    "--entitled-roles <n>",
    "with --account-access-tenant: how many roles the user is entitled to",
    int("--entitled-roles"),
    4,
  )
  .option(
    "--entitled-elsewhere <n>",
    "with --account-access-tenant: how many more entitled roles are in accounts the portal does not list",
    int("--entitled-elsewhere"),
    0,
  )
  .option(
    "--refuse-account-access-scopes",
    "refuse the account_access:* scopes at client registration, as an instance without account access manager might",
  )
  .option("--tls", "serve HTTPS with a certificate from a CA of its own; prints the CA's path")
  .option(
    "--tls-certificate <kind>",
    `with --tls, serve this certificate: ${TLS_CERTIFICATE_KINDS.join(" | ")}`,
    "valid",
  )
  .parse();

const opts = program.opts<{
  port: number;
  accounts: number;
  rolesPerAccount: number;
  latencyMs: number;
  portalRateLimit?: number;
  serverErrorRate: number;
  dropRate: number;
  stall?: StallTarget[];
  deviceApproval: DeviceApproval;
  authorizeApproval: string;
  singleUseRefreshTokens?: boolean;
  refreshAnswerDelayMs: number;
  lostRefreshAnswers: number;
  region: string;
  requestLog?: string;
  exampleAccounts: boolean;
  tls?: boolean;
  tlsCertificate: string;
  chainRoles?: string[];
  accountAccessTenant?: string;
  entitledRoles: number;
  entitledElsewhere: number;
  refuseAccountAccessScopes?: boolean;
}>();
if (!(TLS_CERTIFICATE_KINDS as readonly string[]).includes(opts.tlsCertificate)) {
  program.error(
    `--tls-certificate must be ${TLS_CERTIFICATE_KINDS.join(", ")} (got '${opts.tlsCertificate}')`,
  );
}
if (!["auto", "page", "deny"].includes(opts.authorizeApproval)) {
  program.error(
    `--authorize-approval must be auto, page or deny (got '${opts.authorizeApproval}')`,
  );
}

const options: SimulatorOptions = {
  port: opts.port,
  accounts: opts.accounts,
  rolesPerAccount: opts.rolesPerAccount,
  latencyMs: opts.latencyMs,
  portalRateLimit: opts.portalRateLimit,
  serverErrorRate: opts.serverErrorRate,
  dropRate: opts.dropRate,
  ...(opts.stall ? { stall: opts.stall } : {}),
  deviceApproval: opts.deviceApproval,
  authorizeApproval: opts.authorizeApproval as "auto" | "page" | "deny",
  ...(opts.singleUseRefreshTokens !== undefined
    ? { singleUseRefreshTokens: opts.singleUseRefreshTokens }
    : {}),
  refreshAnswerDelayMs: opts.refreshAnswerDelayMs,
  lostRefreshAnswers: opts.lostRefreshAnswers,
  region: opts.region,
  requestLogFile: opts.requestLog,
  exampleAccounts: opts.exampleAccounts,
  tls: opts.tls === true || opts.tlsCertificate !== "valid",
  tlsCertificate: opts.tlsCertificate as TlsCertificateKind,
  ...(opts.chainRoles ? { chainRoles: opts.chainRoles } : {}),
  ...(opts.accountAccessTenant ? { accountAccessTenant: opts.accountAccessTenant } : {}),
  entitledRoles: opts.entitledRoles,
  entitledElsewhere: opts.entitledElsewhere,
  ...(opts.refuseAccountAccessScopes ? { refuseAccountAccessScopes: true } : {}),
};

try {
  const sim = await startSimulator(options);
  console.log(`listening on ${sim.url}`);
  console.log(`start URL: ${sim.startUrl}  region: ${sim.region}`);
  if (sim.caPath)
    console.log(`CA certificate: ${sim.caPath} (trust it with AWS_CA_BUNDLE=${sim.caPath})`);
  // The endpoints alone would send `ssotray login` to the user's own ~/.aws/config: one line
  // sets a throwaway home as well (removed when the simulator stops, as `npm run demo` does), so
  // every command after it, ours or the AWS CLI's, stays off the user's own files.
  const home = await mkdtemp(path.join(tmpdir(), "ssotray-sim-home-"));
  const exports = {
    HOME: home,
    SSOTRAY_HOME: path.join(home, "ssotray"),
    ...sim.env,
    ...(sim.caPath ? { AWS_CA_BUNDLE: sim.caPath } : {}),
  };
  const ssotray = "node bin/ssotray.mjs";
  // The documentation's own examples when the simulator has their accounts.
  const [first, second] = sim.accounts();
  const [named, byId] = opts.exampleAccounts
    ? [
        { account: EXAMPLE_ACCOUNTS[0]!.accountName, role: "ReadOnlyAccess" },
        { account: EXAMPLE_ACCOUNTS[0]!.accountId, role: "AdministratorAccess" },
      ]
    : [
        { account: first!.accountName, role: first!.roles[0]! },
        { account: second!.accountId, role: second!.roles[0]! },
      ];
  console.log(
    [
      "",
      "To try it without touching your own ~/.aws, start a new shell (`exit` ends it) and paste:",
      `export ${Object.entries(exports)
        .map(([key, value]) => `${key}=${value}`)
        .join(" ")}`,
      "then, from this folder (after `npm run build:cli`), for example:",
      `  ${ssotray} login --start-url ${sim.startUrl} --region ${sim.region}`,
      `  ${ssotray} creds --account ${named.account} --role ${named.role}`,
      `  ${ssotray} console --account ${byId.account} --role ${byId.role} --print`,
      `  ${ssotray} exec --account ${named.account} --role ${named.role} -- aws sts get-caller-identity`,
      "The AWS CLI follows these endpoints from v2.13 on; an older one ignores AWS_ENDPOINT_URL_* and",
      "calls real AWS with these credentials, where they fail (`aws --version` says which you have).",
      `The home above is removed when the simulator stops.`,
    ].join("\n"),
  );
  const stop = () =>
    void sim
      .close()
      .then(() => rm(home, { recursive: true, force: true }))
      .then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
} catch (error) {
  console.error(`simulator: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
