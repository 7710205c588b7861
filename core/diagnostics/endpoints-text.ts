// The endpoints of each session as a few lines of text, for `ssotray doctor --endpoints` and the
// doctor report alike.
import { printable } from "../portal/portal-shapes.js";
import type { RegionEndpoints, SessionEndpoints } from "./session-endpoints.js";

const ROWS: Array<[keyof RegionEndpoints, string]> = [
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
  const rows = (endpoints: RegionEndpoints, indent: string) =>
    ROWS.map(
      ([key, label]) => `${indent}${label.padEnd(width)}  ${printable(endpoints[key])}\n`,
    ).join("");
  // Each fallback region under the first, in the order they are tried.
  const fallbacks = (s.fallbackRegions ?? []).map(
    (f, i) => `  fallback ${i + 1}  ${printable(f.region)}\n${rows(f.endpoints, "    ")}`,
  );
  return head + rows(s.endpoints, "  ") + fallbacks.join("");
}
