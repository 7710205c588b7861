// `config populate` from the app: the AWS CLI profiles of every session's roles, the ones
// account access entitles included, written (or shown as a dry run) in one summary.
import { accountRolePairs } from "../../shared/pairs.js";
import type { CallArgs, PopulateSummary } from "../../shared/api.js";
import type { Locations } from "../locations.js";
import type { AccountDirectory } from "../portal/account-directory.js";
import { populateProfiles } from "../profiles/populate.js";
import type { SessionManager } from "../sessions/session-manager.js";
import { aliasesOf, type SettingsStore } from "../settings/settings-store.js";
import type { CliTool } from "./cli-tool.js";
import type { EntitledRoleLists } from "./entitled-role-lists.js";

export interface PopulateParts {
  locations: Locations;
  sessions: SessionManager;
  settings: SettingsStore;
  directory: AccountDirectory;
  entitled: EntitledRoleLists;
  cliTool: CliTool;
  /** Runs portal work, telling the user when it needs a new sign-in. */
  guard<T>(work: () => Promise<T>): Promise<T>;
}

export class ProfilesPopulate {
  constructor(private readonly parts: PopulateParts) {}

  /** Writes the profiles of one session's roles, or every session's. */
  async populate(input: CallArgs<"populateProfiles">): Promise<PopulateSummary> {
    const command = input.credentialProcess
      ? await this.parts.cliTool.credentialProcessCommand()
      : undefined;
    // Entitled roles' profiles run the command line tool in every mode; without it they are
    // skipped, with the reason, and the SSO profiles are still written.
    let entitledCommand = command;
    const commandForEntitled = async () =>
      (entitledCommand ??= await this.parts.cliTool
        .credentialProcessCommand()
        .catch(() => undefined));
    const sessions = input.session
      ? [await this.parts.sessions.get(input.session)]
      : await this.parts.sessions.list();
    const aliases = aliasesOf(await this.parts.settings.get());
    const summary: PopulateSummary = {
      added: [],
      updated: [],
      removed: [],
      skipped: [],
      diff: "",
      configPath: "",
    };
    for (const session of sessions) {
      const list =
        (await this.parts.directory.cached(session.name)) ??
        (await this.parts.guard(() => this.parts.directory.sync(session.name)));
      const pairs = accountRolePairs(list);
      const entitled = (await this.parts.entitled.of([session])).filter(
        (role) => role.session === session.name,
      );
      const words = entitled.length > 0 ? await commandForEntitled() : command;
      // Never listed (or its listing unreadable): the profiles written for them stay.
      const entitledUnknown =
        session.accountAccessTenant !== undefined &&
        (await this.parts.entitled.cached(session)) === undefined;
      const result = await populateProfiles(
        this.parts.locations,
        {
          session: session.name,
          region: (await this.parts.settings.get()).defaultRegion ?? session.region,
          pairs,
          aliases,
          ...(command ? { credentialProcess: true } : {}),
          ...(words ? { credentialProcessCommand: words } : {}),
          entitled,
          ...(entitledUnknown ? { entitledUnknown } : {}),
          ...(input.template ? { template: input.template } : {}),
          ...(session.source === "legacy-profile"
            ? { legacy: { startUrl: session.startUrl, ssoRegion: session.region } }
            : {}),
        },
        { dryRun: input.dryRun },
      );
      summary.added.push(...result.added);
      summary.updated.push(...result.updated);
      summary.removed.push(...result.removed);
      summary.skipped.push(...result.skipped);
      summary.diff += result.diff;
      summary.configPath = result.configPath;
    }
    return summary;
  }
}
