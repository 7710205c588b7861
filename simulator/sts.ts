// STS GetCallerIdentity on the query protocol, for proving that credentials a client obtained
// (through SSO Tray, botocore or the AWS CLI) are the ones for the expected account and role.
// Signatures are not verified; the access key must be one this simulator issued and not expired.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { LogNote, SimContext } from "./context.js";
import { escapeHtml } from "./http.js";

function xml(res: ServerResponse, status: number, body: string): void {
  const text = `<?xml version="1.0" encoding="UTF-8"?>\n${body}`;
  res.writeHead(status, { "content-type": "text/xml", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

function stsError(res: ServerResponse, status: number, code: string, message: string): LogNote {
  xml(
    res,
    status,
    `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${escapeHtml(message)}</Message></Error><RequestId>${crypto.randomUUID()}</RequestId></ErrorResponse>`,
  );
  return { error: code };
}

export function sts(
  ctx: SimContext,
  req: IncomingMessage,
  form: URLSearchParams,
  res: ServerResponse,
): LogNote {
  const action = form.get("Action");
  if (action !== "GetCallerIdentity")
    return stsError(res, 400, "InvalidAction", `Could not find operation ${action ?? ""}`);
  const authorization = req.headers.authorization ?? "";
  const accessKeyId = /Credential=([A-Z0-9]+)\//.exec(authorization)?.[1] ?? "";
  const issued = ctx.state.credentials.get(accessKeyId);
  if (!issued)
    return stsError(
      res,
      403,
      "InvalidClientTokenId",
      "The security token included in the request is invalid.",
    );
  if (issued.expiration <= ctx.now())
    return stsError(
      res,
      400,
      "ExpiredToken",
      "The security token included in the request is expired",
    );
  const roleId = `AROA${issued.accountId.slice(0, 8)}SIM`;
  const arn = `arn:aws:sts::${issued.accountId}:assumed-role/AWSReservedSSO_${issued.roleName}_0123456789abcdef/developer@example.com`;
  xml(
    res,
    200,
    `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>${escapeHtml(arn)}</Arn><UserId>${roleId}:developer@example.com</UserId><Account>${issued.accountId}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>${crypto.randomUUID()}</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
  );
  return { accountId: issued.accountId };
}
