import { describe, expect, it } from "vitest";
import { authorizeUrl } from "./browser-flow.js";

describe("authorizeUrl", () => {
  it("builds the AWS CLI's authorize URL: its parameter order, scopes, %20 for spaces", () => {
    const url = authorizeUrl("https://oidc.eu-west-1.amazonaws.com/", {
      clientId: "cid",
      redirectUri: "http://127.0.0.1:4321/oauth/callback",
      state: "st",
      scopes: ["sso:account:access", "codewhisperer:completions"],
      challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
    });
    expect(url).toBe(
      "https://oidc.eu-west-1.amazonaws.com/authorize?response_type=code&client_id=cid" +
        "&redirect_uri=http%3A%2F%2F127.0.0.1%3A4321%2Foauth%2Fcallback&state=st&code_challenge_method=S256" +
        "&scopes=sso%3Aaccount%3Aaccess%20codewhisperer%3Acompletions&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
    );
  });
});
