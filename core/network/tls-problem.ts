// What a failed TLS handshake means to a user: which host, why, and which setting fixes it.
import type { CaBundle } from "./ca-bundle.js";
import { NetworkPathError } from "./network-path-error.js";

const UNKNOWN_ISSUER = new Set([
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "CERT_UNTRUSTED",
]);

const CA_SETTINGS =
  "set AWS_CA_BUNDLE (or ca_bundle in the [sso-session] or profile) to a PEM file with your organisation's certificate authority, or add it with NODE_EXTRA_CA_CERTS";

/**
 * The names a refused certificate was made for, as Node reports them ("DNS:a, IP Address:1.2.3.4").
 * They come from the network: only characters a host name or address can hold are shown.
 */
function certificateNames(error: unknown): string | undefined {
  const altnames = (error as { cert?: { subjectaltname?: unknown } }).cert?.subjectaltname;
  if (typeof altnames !== "string") return undefined;
  const names = altnames
    .split(",")
    .map((entry) => entry.trim().replace(/^(DNS|IP Address):/, ""))
    .filter((name) => /^[A-Za-z0-9.*:_-]{1,253}$/.test(name))
    .slice(0, 5);
  return names.length > 0 ? names.join(", ") : undefined;
}

/** Undefined when the error is not about a certificate. */
export function tlsProblem(
  error: unknown,
  host: string,
  ca: CaBundle | undefined,
  via: string | undefined,
): NetworkPathError | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code !== "string") return undefined;
  const through = via ? ` through ${via}` : "";
  const trusted = ca ? `the CA bundle ${ca.path} (from ${ca.source})` : "Node's built-in list";
  let why: string;
  let fix: string;
  if (UNKNOWN_ISSUER.has(code)) {
    why = `it was issued by a certificate authority that ${trusted} does not hold`;
    fix = ca
      ? `put your organisation's certificate authority in ${ca.path}, or point ${ca.source.startsWith("ca_bundle") ? "ca_bundle" : "AWS_CA_BUNDLE"} at the right file`
      : via
        ? `a proxy that inspects TLS signs with its own authority: ${CA_SETTINGS}`
        : CA_SETTINGS;
  } else if (code === "CERT_HAS_EXPIRED" || code === "CERT_NOT_YET_VALID") {
    why = code === "CERT_HAS_EXPIRED" ? "it has expired" : "it is not valid yet";
    fix =
      "check this computer's date and time; if they are right, the server or a TLS-inspecting proxy serves an outdated certificate";
  } else if (code === "ERR_TLS_CERT_ALTNAME_INVALID" || code === "HOSTNAME_MISMATCH") {
    const names = certificateNames(error);
    why = names ? `it was made for ${names}` : `it was made for other host names`;
    fix =
      "check the AWS_ENDPOINT_URL_* variables and the region; a proxy may be answering for the wrong host";
  } else if (code.startsWith("CERT_") || code.startsWith("ERR_TLS_") || code.includes("_CERT")) {
    why = "it was refused";
    fix = CA_SETTINGS;
  } else {
    return undefined;
  }
  return new NetworkPathError(
    `The TLS certificate of ${host}${through} is not trusted: ${why} (${code}); ${fix}`,
    { reason: error },
  );
}
