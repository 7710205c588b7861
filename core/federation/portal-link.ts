// The access portal's shortcut link: opens the console for an account and role through the
// portal's own sign-in, so it works in any browser where the user is signed in to the portal.
// Form: {start URL}/#/console?account_id=…&role_name=…&destination=… (IAM Identity Center user
// guide, "Create shortcut links to AWS Management Console destinations").
import { resolveDestination } from "./destination.js";

export interface PortalLinkRequest {
  startUrl: string;
  accountId: string;
  roleName: string;
  /** With a region, a console URL or path checked like the federation destination. */
  region?: string;
  destination?: string;
}

export function portalShortcutLink(request: PortalLinkRequest): string {
  const base = request.startUrl.replace(/[#?].*$/, "").replace(/\/+$/, "");
  // encodeURIComponent, not URLSearchParams: the portal decodes the fragment with
  // decodeURIComponent, which would leave URLSearchParams' "+" for a space as a "+".
  const params: Array<[string, string]> = [
    ["account_id", request.accountId],
    ["role_name", request.roleName],
  ];
  if (request.destination || request.region) {
    params.push([
      "destination",
      resolveDestination(request.region ?? "us-east-1", request.destination),
    ]);
  }
  const query = params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join("&");
  return `${base}/#/console?${query}`;
}
