// Parses the AWS access portal URL ("start URL") a user pastes in, and checks session names.
// Imported by the renderer as well: plain functions only, no Node imports.
//
// Shapes (IAM Identity Center User Guide, "Customizing the AWS access portal URL"):
//   https://d-1234567890.awsapps.com/start          default, commercial regions
//   https://your-org.awsapps.com/start              customised subdomain
//   https://d-1234567890.awsapps.cn/start           China regions
//   https://start.us-gov-home.awsapps.com/directory/d-1234567890   GovCloud
//   https://ssoins-1234567890abcdef.portal.us-east-1.app.aws       dual-stack portal
// and any other https URL an organisation fronts the portal with (a custom domain).

export type ParsedStartUrl =
  { ok: true; url: string; suggestedName: string } | { ok: false; message: string };

const EXAMPLE = "https://your-org.awsapps.com/start";

function shapeError(input: string, hint?: string): { ok: false; message: string } {
  const shown = input.length > 200 ? `${input.slice(0, 200)}…` : input;
  return {
    ok: false,
    message: `The start URL must look like ${EXAMPLE} (got '${shown}')${hint ? `; ${hint}` : ""}`,
  };
}

/** A name usable in `[sso-session NAME]`: letters, digits, '-', '_' and '.'. */
function toSessionName(raw: string): string {
  const name = raw
    .toLowerCase()
    .replace(/[^a-z0-9_.-]+/g, "-")
    .replace(/^[-.]+|[-.]+$/g, "");
  return name === "" ? "sso" : name.slice(0, 64);
}

export function parseStartUrl(input: string): ParsedStartUrl {
  const raw = input.trim();
  if (raw === "") {
    return {
      ok: false,
      message: `Paste your AWS access portal URL, e.g. ${EXAMPLE} (your administrator or the IAM Identity Center settings page has it)`,
    };
  }
  if (/\s/.test(raw)) return shapeError(raw, "it must not contain spaces");

  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(raw)?.[1]?.toLowerCase();
  if (scheme === undefined) {
    // "acme" or "acme.awsapps.com/start": say what the full URL would be.
    const guess = /^[a-z0-9-]+$/i.test(raw)
      ? `https://${raw.toLowerCase()}.awsapps.com/start`
      : `https://${raw.replace(/^\/+/, "")}`;
    return shapeError(raw, `did you mean ${guess}?`);
  }
  if (scheme !== "https") {
    return shapeError(
      raw,
      scheme === "http" ? "it must use https://" : `'${scheme}:' is not a web address`,
    );
  }

  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return shapeError(raw);
  }
  const host = url.hostname.toLowerCase();
  if (host === "" || !host.includes(".") || host.startsWith(".") || host.endsWith(".")) {
    return shapeError(raw, "it needs a host name such as your-org.awsapps.com");
  }
  if (url.username || url.password)
    return shapeError(raw, "it must not contain a user name or password");

  // The portal is a single-page app: "#/", "#/console?..." and query strings are navigation
  // inside it, never part of the start URL the OIDC service knows.
  const path = url.pathname.replace(/\/+$/, "");
  const origin = `https://${host}${url.port ? `:${url.port}` : ""}`;

  const awsapps = /^([a-z0-9][a-z0-9-]*)\.awsapps\.(com|cn)$/.exec(host);
  if (
    host === "start.us-gov-home.awsapps.com" ||
    /^start\.us-gov-[a-z]+-\d\.us-gov-home\.awsapps\.com$/.test(host)
  ) {
    const dir = /^\/directory\/([a-z0-9-]+)$/i.exec(path);
    if (!dir?.[1]) {
      return {
        ok: false,
        message: `A GovCloud start URL must look like https://${host}/directory/d-1234567890 (got '${raw}')`,
      };
    }
    return { ok: true, url: `${origin}${path}`, suggestedName: toSessionName(dir[1]) };
  }
  if (awsapps) {
    if (path.toLowerCase() !== "/start") {
      return shapeError(raw, `it should end in /start, e.g. https://${host}/start`);
    }
    return { ok: true, url: `${origin}/start`, suggestedName: toSessionName(awsapps[1] ?? "") };
  }
  if (host.endsWith(".awsapps.com") || host.endsWith(".awsapps.cn")) {
    return shapeError(raw);
  }
  // Dual-stack portal and custom domains: taken as given, minus navigation parts.
  const first = host.split(".")[0] ?? host;
  return { ok: true, url: `${origin}${path}`, suggestedName: toSessionName(first) };
}

export type SessionNameCheck = { ok: true; name: string } | { ok: false; message: string };

/**
 * A session name becomes `[sso-session NAME]` in ~/.aws/config and `sso_session = NAME` in
 * profiles: the AWS CLI splits section headers on whitespace, so only a conservative set is allowed.
 */
export function validateSessionName(input: string): SessionNameCheck {
  const name = input.trim();
  if (name === "")
    return { ok: false, message: "Give the session a name, e.g. your organisation's (acme)" };
  if (name.length > 64)
    return {
      ok: false,
      message: `A session name can have at most 64 characters (got ${name.length})`,
    };
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name)) {
    return {
      ok: false,
      message: `A session name may hold letters, digits, '-', '_' and '.', and start with a letter or digit (got '${name}'); try '${toSessionName(name)}'`,
    };
  }
  return { ok: true, name };
}
