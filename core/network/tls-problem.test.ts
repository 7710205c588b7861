import { describe, expect, it } from "vitest";
import { tlsProblem } from "./tls-problem.js";

const bundle = { path: "/etc/corp-ca.pem", source: "ca_bundle in [sso-session acme]", pem: "" };
const host = "oidc.eu-west-1.amazonaws.com:443";

function message(code: string, ca: typeof bundle | undefined, via?: string) {
  return tlsProblem(Object.assign(new Error(code), { code }), host, ca, via)?.message;
}

describe("what a failed certificate check tells the user", () => {
  it("names the host, the bundle and the setting for an unknown issuer", () => {
    expect(message("SELF_SIGNED_CERT_IN_CHAIN", bundle)).toBe(
      `The TLS certificate of ${host} is not trusted: it was issued by a certificate authority that the CA bundle /etc/corp-ca.pem (from ca_bundle in [sso-session acme]) does not hold (SELF_SIGNED_CERT_IN_CHAIN); put your organisation's certificate authority in /etc/corp-ca.pem, or point ca_bundle at the right file`,
    );
    expect(message("UNABLE_TO_GET_ISSUER_CERT_LOCALLY", undefined)).toMatch(
      /Node's built-in list does not hold .*; set AWS_CA_BUNDLE \(or ca_bundle in the \[sso-session\] or profile\)/,
    );
  });

  it("says an expired certificate or one for other names is not a CA problem", () => {
    expect(message("CERT_HAS_EXPIRED", bundle)).toMatch(
      /is not trusted: it has expired \(CERT_HAS_EXPIRED\); check this computer's date and time/,
    );
    expect(message("ERR_TLS_CERT_ALTNAME_INVALID", undefined, "the proxy http://p:3128")).toBe(
      `The TLS certificate of ${host} through the proxy http://p:3128 is not trusted: it was made for other host names (ERR_TLS_CERT_ALTNAME_INVALID); check the AWS_ENDPOINT_URL_* variables and the region; a proxy may be answering for the wrong host`,
    );
  });

  it("leaves errors that are not about certificates alone", () => {
    expect(message("ECONNRESET", bundle)).toBeUndefined();
    expect(tlsProblem(new Error("no code"), host, undefined, undefined)).toBeUndefined();
  });
});
