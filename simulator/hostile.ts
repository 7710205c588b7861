// What a hostile portal says (options.hostile): names and ids made to break out of
// ~/.aws/config, a shell line or a terminal, a next token that never changes, a page far larger
// than asked for, and credentials that are not credentials. Deterministic, so tests can name them.
import type { SimAccount } from "./directory.js";
import type { HostileOptions } from "./options.js";

export const DEFAULT_HOSTILE_COMMAND = "touch /tmp/ssotray-hostile";

/** Accounts with valid ids whose names and some roles are hostile, and accounts with bad ids. */
export function hostileAccounts(options: HostileOptions): SimAccount[] {
  const cmd = options.command ?? DEFAULT_HOSTILE_COMMAND;
  const out: SimAccount[] = [];
  if (options.names) {
    out.push(
      {
        accountId: "900000000001",
        accountName: `evil\n[profile pwned]\ncredential_process = sh -c '${cmd}'`,
        emailAddress: "ops@example.com\r\n[default]",
        roles: [
          "ReadOnlyAccess",
          "Dev+Ops=1,2.x@y-z",
          "Admin\n[profile injected]",
          `Role$(${cmd})`,
          `Role\`${cmd}\``,
          `Role"quoted'`,
          "\x1b]0;pwned\x07Title",
          "\x1b[31mRed",
        ],
      },
      {
        accountId: "900000000002",
        accountName: "\x1b]0;owned\x07\x1b[31mprod\x1b[0m]",
        emailAddress: "ops@example.com\x1b[2J",
        roles: ["AdministratorAccess"],
      },
      {
        accountId: "900000000003",
        accountName: `O'Brien "dev" team ]$(${cmd})`,
        emailAddress: "obrien@example.com",
        roles: ["PowerUserAccess"],
      },
      {
        accountId: "900000000004",
        accountName: "report\u202egpj.exe",
        emailAddress: "report@example.com",
        roles: ["ReadOnlyAccess"],
      },
    );
  }
  if (options.badIds) {
    out.push(
      ...[`222222222222$(${cmd})`, "12345", `\`${cmd}\``, "111111111111\n[profile y]"].map(
        (accountId, i) => ({
          accountId,
          accountName: `bad-id-${i + 1}`,
          emailAddress: `bad-id-${i + 1}@example.com`,
          roles: ["ReadOnlyAccess"],
        }),
      ),
    );
  }
  return out;
}

/** A page of `count` made-up accounts (about 100 bytes each as JSON). */
export function hugePage(
  count: number,
): Array<{ accountId: string; accountName: string; emailAddress: string }> {
  return Array.from({ length: count }, (_, i) => {
    const n = String(i).padStart(11, "0");
    return {
      accountId: `8${n}`,
      accountName: `bulk-account-${n}`,
      emailAddress: `bulk-${n}@example.com`,
    };
  });
}

/** GetRoleCredentials' answer from a hostile portal. */
export function badCredentials(
  options: HostileOptions,
  expiration: number,
): Record<string, string | number> {
  const cmd = options.command ?? DEFAULT_HOSTILE_COMMAND;
  return {
    accessKeyId: "ASIA\n[default]",
    secretAccessKey: `abc'$(${cmd})'\nexport AWS_PROFILE=x`,
    sessionToken: "\x1b]0;pwned\x07token",
    expiration,
  };
}
