// The endpoints of each session as a few lines of text, for `ssotray doctor --endpoints` and the
// doctor report alike.
import { printable } from "../portal/portal-shapes.js";
import type { SessionEndpoints } from "./session-endpoints.js";

const ROWS: Array<[keyof SessionEndpoints["endpoints"], string]> = [
  ["oidc", "sign-in (OIDC)"],
  ["portal", "portal"],
  ["sts", "STS"],
  ["accountAccess", "account access"],
  ["federation", "console sign-in"],
  ["console", "console"],
];

export function endpointsText(s: SessionEndpoints): string {
  const variant = [s.fips ? "FIPS" : "", s.dualStack ? "dual-stack" : ""].filter(Boolean);
  const head = `${printable(s.session)}  ${s.region}  ${s.partition}${variant.length ? `  (${variant.join(", ")})` : ""}\n`;
  const width = Math.max(...ROWS.map(([, label]) => label.length));
  return (
    head +
    ROWS.map(([key, label]) => `  ${label.padEnd(width)}  ${printable(s.endpoints[key])}\n`).join(
      "",
    )
  );
}
