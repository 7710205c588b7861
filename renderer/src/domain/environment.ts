// The environment an account belongs to, read from its name: "payments-prod" is production,
// "web-stg-eu" staging. Names are split into words, so "preprod" and "products" are not "prod".

import type { Environment } from "../../../shared/model.js";

export type { Environment };

export const ENVIRONMENT_LABELS: Record<Environment, string> = {
  prod: "Production",
  staging: "Staging",
  dev: "Development",
  sandbox: "Sandbox",
};

const WORDS: ReadonlyArray<readonly [Environment, readonly string[]]> = [
  ["prod", ["prod", "prd", "production", "live"]],
  ["staging", ["staging", "stage", "stg", "preprod", "uat", "qa"]],
  ["dev", ["dev", "development", "develop", "test", "testing", "tst"]],
  ["sandbox", ["sandbox", "sbx", "playground", "scratch"]],
];

const ENVIRONMENT_OF_WORD = new Map<string, Environment>(
  WORDS.flatMap(([environment, words]) => words.map((word) => [word, environment] as const)),
);

/**
 * The environment named by any word of `name` (words are split at anything but letters and
 * digits, and at lower-to-upper case changes), the last such word winning: in
 * "prod-tools-sandbox" the account is a sandbox of the prod tools team. Undefined when no word says.
 */
export function environmentOf(name: string): Environment | undefined {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/);
  let found: Environment | undefined;
  for (const word of words) found = ENVIRONMENT_OF_WORD.get(word) ?? found;
  return found;
}

/**
 * The account's environment: the user's choice in its settings, else what the alias the user gave
 * it says, else what its name says. The user's words come before the organisation's.
 */
export function accountEnvironment(account: {
  accountName: string;
  alias?: string | undefined;
  chosen?: Environment | undefined;
}): Environment | undefined {
  return (
    account.chosen ??
    (account.alias ? environmentOf(account.alias) : undefined) ??
    environmentOf(account.accountName)
  );
}
