// Profile names from a template, made safe for `[profile NAME]` and for shells (`--profile NAME`),
// and unique: what aws-sso-util and granted users expect to type.
import type { AccountRole } from "../../shared/model.js";
import { withoutInvisible } from "../../shared/visible-text.js";

export const DEFAULT_TEMPLATE = "{account_name}-{role_name}";
const PLACEHOLDERS = ["account_name", "account_id", "role_name", "session", "alias"] as const;

export class ProfileTemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProfileTemplateError";
  }
}

export function checkTemplate(template: string): void {
  const unknown = [...template.matchAll(/\{([^}]*)\}/g)]
    .map((m) => m[1] ?? "")
    .filter((name) => !(PLACEHOLDERS as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new ProfileTemplateError(
      `Unknown placeholder {${unknown[0]}} in the profile name template; use ${PLACEHOLDERS.map((p) => `{${p}}`).join(", ")}`,
    );
  }
  if (!/\{(account_name|account_id|alias)\}/.test(template) || !/\{role_name\}/.test(template)) {
    throw new ProfileTemplateError(
      "The profile name template must name the account ({account_name}, {account_id} or {alias}) and {role_name}, or profiles would collide",
    );
  }
}

export function safeProfileName(raw: string): string {
  // Invisible characters go first: "sand\u200bbox" is "sandbox", not "sand-box".
  return withoutInvisible(raw)
    .toLowerCase()
    .replace(/[^a-z0-9_.-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^[-.]+|[-.]+$/g, "");
}

/**
 * One name per pair, in the pairs' order. A name two pairs share gets the account id appended
 * (then a counter), so every pair keeps a profile.
 */
export function profileNames(
  pairs: readonly AccountRole[],
  template: string,
  aliases: Readonly<Record<string, string>>,
): string[] {
  checkTemplate(template);
  const base = pairs.map((pair) =>
    safeProfileName(
      template.replace(/\{(\w+)\}/g, (_, key: string) => {
        switch (key) {
          case "account_name":
            return pair.accountName;
          case "account_id":
            return pair.accountId;
          case "role_name":
            return pair.roleName;
          case "session":
            return pair.session;
          default:
            return aliases[pair.accountId] ?? pair.accountName;
        }
      }),
    ),
  );
  const counts = new Map<string, number>();
  for (const name of base) counts.set(name, (counts.get(name) ?? 0) + 1);
  const used = new Set<string>();
  return base.map((name, i) => {
    let candidate =
      (counts.get(name) ?? 0) > 1 ? `${name}-${(pairs[i] as AccountRole).accountId}` : name;
    for (let n = 2; used.has(candidate); n++) candidate = `${name}-${n}`;
    used.add(candidate);
    return candidate;
  });
}
