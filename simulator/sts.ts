// STS on the query protocol: GetCallerIdentity, for proving that credentials a client obtained
// (through SSO Tray, botocore or the AWS CLI) are the ones for the expected account and role, and
// AssumeRole, for roles chained from an SSO role (`chainRoles` says which role ARNs may be
// assumed). Answers are STS's XML (API reference, AssumeRole and GetCallerIdentity examples).
// Signatures are not verified; the access key must be one this simulator issued and not expired.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { LogNote, SimContext } from "./context.js";
import { escapeHtml } from "./http.js";
import { issueCredentials, type IssuedCredentials } from "./state.js";

const XMLNS = "https://sts.amazonaws.com/doc/2011-06-15/";

function xml(res: ServerResponse, status: number, body: string): void {
  const text = `<?xml version="1.0" encoding="UTF-8"?>\n${body}`;
  res.writeHead(status, { "content-type": "text/xml", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

function stsError(res: ServerResponse, status: number, code: string, message: string): LogNote {
  xml(
    res,
    status,
    `<ErrorResponse xmlns="${XMLNS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${escapeHtml(message)}</Message></Error><RequestId>${crypto.randomUUID()}</RequestId></ErrorResponse>`,
  );
  return { error: code };
}

/** The caller's issued credentials, or the error STS answers for a key it does not know. */
function caller(
  ctx: SimContext,
  req: IncomingMessage,
  res: ServerResponse,
): { issued: IssuedCredentials } | { note: LogNote } {
  const authorization = req.headers.authorization ?? "";
  const accessKeyId = /Credential=([A-Z0-9]+)\//.exec(authorization)?.[1] ?? "";
  const issued = ctx.state.credentials.get(accessKeyId);
  if (!issued)
    return {
      note: stsError(
        res,
        403,
        "InvalidClientTokenId",
        "The security token included in the request is invalid.",
      ),
    };
  if (issued.expiration <= ctx.now())
    return {
      note: stsError(
        res,
        400,
        "ExpiredToken",
        "The security token included in the request is expired",
      ),
    };
  return { issued };
}

/** What GetCallerIdentity says of credentials: the assumed-role ARN and the role's id. */
function identity(issued: IssuedCredentials): { arn: string; userId: string } {
  if (issued.assumed) {
    const name = issued.assumed.roleArn.split("/").at(-1) ?? "";
    const roleId = `AROA${issued.accountId.slice(0, 8)}CHN`;
    return {
      arn: `arn:aws:sts::${issued.accountId}:assumed-role/${name}/${issued.assumed.sessionName}`,
      userId: `${roleId}:${issued.assumed.sessionName}`,
    };
  }
  return {
    arn: `arn:aws:sts::${issued.accountId}:assumed-role/AWSReservedSSO_${issued.roleName}_0123456789abcdef/developer@example.com`,
    userId: `AROA${issued.accountId.slice(0, 8)}SIM:developer@example.com`,
  };
}

/**
 * The region of the SigV4 credential scope, `Credential=AKID/date/REGION/sts/aws4_request`:
 * with one endpoint for every region, it is what tells which regional STS a client meant.
 */
function signingRegionOf(req: IncomingMessage): { signingRegion?: string } {
  const scope = /Credential=[A-Z0-9]+\/\d{8}\/([a-z0-9-]{1,32})\/sts\//.exec(
    req.headers.authorization ?? "",
  );
  return scope ? { signingRegion: scope[1]! } : {};
}

export function sts(
  ctx: SimContext,
  req: IncomingMessage,
  form: URLSearchParams,
  res: ServerResponse,
): LogNote {
  return { ...answerSts(ctx, req, form, res), ...signingRegionOf(req) };
}

function answerSts(
  ctx: SimContext,
  req: IncomingMessage,
  form: URLSearchParams,
  res: ServerResponse,
): LogNote {
  const action = form.get("Action");
  if (action === "AssumeRole") return assumeRole(ctx, req, form, res);
  if (action !== "GetCallerIdentity")
    return stsError(res, 400, "InvalidAction", `Could not find operation ${action ?? ""}`);
  const who = caller(ctx, req, res);
  if ("note" in who) return who.note;
  const { issued } = who;
  const { arn, userId } = identity(issued);
  xml(
    res,
    200,
    `<GetCallerIdentityResponse xmlns="${XMLNS}"><GetCallerIdentityResult><Arn>${escapeHtml(arn)}</Arn><UserId>${escapeHtml(userId)}</UserId><Account>${issued.accountId}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>${crypto.randomUUID()}</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
  );
  return { accountId: issued.accountId };
}

const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

/** IAM-style wildcards: `*` matches any run of characters, everything else itself. */
function matches(pattern: string, value: string): boolean {
  const source = pattern
    .split("*")
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${source}$`).test(value);
}

function assumeRole(
  ctx: SimContext,
  req: IncomingMessage,
  form: URLSearchParams,
  res: ServerResponse,
): LogNote {
  const who = caller(ctx, req, res);
  if ("note" in who) return who.note;
  const { issued } = who;
  const roleArn = form.get("RoleArn") ?? "";
  const sessionName = form.get("RoleSessionName") ?? "";
  const duration = form.get("DurationSeconds");
  const externalId = form.get("ExternalId");
  const target = ROLE_ARN.exec(roleArn);
  if (!target)
    return stsError(
      res,
      400,
      "ValidationError",
      `1 validation error detected: Value '${roleArn}' at 'roleArn' failed to satisfy constraint: Member must be a valid IAM role ARN`,
    );
  if (!SESSION_NAME.test(sessionName))
    return stsError(
      res,
      400,
      "ValidationError",
      `1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`,
    );
  const seconds = duration === null ? 3600 : Number(duration);
  if (!Number.isInteger(seconds) || seconds < 900 || seconds > 43_200)
    return stsError(
      res,
      400,
      "ValidationError",
      `1 validation error detected: Value '${duration ?? ""}' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200`,
    );
  // Every caller here is a role, so every AssumeRole is role chaining, which AWS caps at an hour.
  if (seconds > 3600)
    return stsError(
      res,
      400,
      "ValidationError",
      "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.",
    );
  const callerArn = identity(issued).arn;
  const allowed =
    ctx.options.chainRoles.some((pattern) => matches(pattern, roleArn)) &&
    (ctx.options.chainExternalIds[roleArn] === undefined ||
      externalId === ctx.options.chainExternalIds[roleArn]);
  if (!allowed) {
    xml(
      res,
      403,
      `<ErrorResponse xmlns="${XMLNS}"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>${escapeHtml(`User: ${callerArn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`)}</Message></Error><RequestId>${crypto.randomUUID()}</RequestId></ErrorResponse>`,
    );
    return { error: "AccessDenied", accountId: target[1]! };
  }
  const accountId = target[1]!;
  const roleName = target[2]!;
  const { accessKeyId, credentials } = issueCredentials(
    ctx.state,
    {
      expiration: Math.min(
        ctx.now() + seconds * 1000,
        // A chained session cannot outlive the credentials that assumed it.
        issued.expiration + 3600 * 1000,
      ),
      accountId,
      roleName,
      assumed: { roleArn, sessionName },
    },
    "FwoGZXIvYXdzE",
  );
  const { arn, userId } = identity(credentials);
  const expiration = new Date(credentials.expiration).toISOString().replace(/\.\d{3}Z$/, "Z");
  xml(
    res,
    200,
    `<AssumeRoleResponse xmlns="${XMLNS}"><AssumeRoleResult><AssumedRoleUser><Arn>${escapeHtml(arn)}</Arn><AssumedRoleId>${escapeHtml(userId)}</AssumedRoleId></AssumedRoleUser><Credentials><AccessKeyId>${accessKeyId}</AccessKeyId><SecretAccessKey>${credentials.secretAccessKey}</SecretAccessKey><SessionToken>${credentials.sessionToken}</SessionToken><Expiration>${expiration}</Expiration></Credentials></AssumeRoleResult><ResponseMetadata><RequestId>${crypto.randomUUID()}</RequestId></ResponseMetadata></AssumeRoleResponse>`,
  );
  return { accountId };
}
