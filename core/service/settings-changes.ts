// The changes the user makes in Settings and on accounts, each sent on to every window; turning
// the keychain on or off moves every sign-in first.
import { ApiError, type CallArgs } from "../../shared/api.js";
import type { SessionStatus, Settings } from "../../shared/model.js";
import type { Locations } from "../locations.js";
import type { Platform } from "../platform/platform.js";
import type { RoleCredentialsProvider } from "../portal/role-credentials.js";
import type { SessionManager } from "../sessions/session-manager.js";
import {
  AwsCliTokenStore,
  KeychainTokenStore,
  KeychainUnavailableError,
} from "../sessions/token-store.js";
import type { SettingsStore } from "../settings/settings-store.js";

export interface SettingsChangesParts {
  locations: Locations;
  settings: SettingsStore;
  sessions: SessionManager;
  secrets: Platform["secrets"];
  /** Role credentials cached from the sign-ins, forgotten when the sign-ins go into the keychain. */
  credentials: RoleCredentialsProvider;
  /** Sends the settings to every window, and returns them. */
  publishSettings(settings: Settings): Settings;
  /** Sends every session's status, and returns them. */
  publishSessions(): Promise<SessionStatus[]>;
}

export class SettingsChanges {
  constructor(private readonly parts: SettingsChangesParts) {}

  async update(input: CallArgs<"updateSettings">): Promise<Settings> {
    const keychain = input.keepSignInInKeychain;
    if (
      keychain !== undefined &&
      keychain !== (await this.parts.settings.get()).keepSignInInKeychain
    )
      await this.moveSignIns(keychain);
    const settings = this.parts.publishSettings(await this.parts.settings.update(input));
    if (input.expiryWarningMinutes !== undefined || keychain !== undefined)
      await this.parts.publishSessions();
    return settings;
  }

  /**
   * Moves every sign-in into the keychain or back to the AWS CLI's cache before the setting
   * changes; refused where the keychain would not really encrypt.
   */
  private async moveSignIns(toKeychain: boolean): Promise<void> {
    const plain = new AwsCliTokenStore(this.parts.locations);
    let keychain: KeychainTokenStore;
    try {
      keychain = new KeychainTokenStore(this.parts.locations, this.parts.secrets);
    } catch (error) {
      if (!(error instanceof KeychainUnavailableError)) throw error;
      // Turning it off needs no keychain when nothing is in it; else the user must unlock it.
      if (toKeychain) throw new ApiError("KeychainUnavailable", error.message);
      throw new ApiError(
        "KeychainUnavailable",
        `${error.message}. Unlock the system keychain and try again to move your sign-ins back to ~/.aws/sso/cache`,
      );
    }
    await this.parts.sessions.moveSignIns(
      toKeychain ? plain : keychain,
      toKeychain ? keychain : plain,
    );
    if (!toKeychain) return;
    // Nothing of these sign-ins stays in plain text: the role credentials cached from them (by
    // `ssotray` and the AWS CLI) go too.
    for (const session of await this.parts.sessions.list())
      await this.parts.credentials.forget(session.name);
  }

  async toggleFavorite(input: CallArgs<"toggleFavorite">): Promise<Settings> {
    return this.parts.publishSettings(await this.parts.settings.toggleFavorite(input.role));
  }

  async setAccountDecoration(input: CallArgs<"setAccountDecoration">): Promise<Settings> {
    return this.parts.publishSettings(
      await this.parts.settings.setAccountDecoration(input.accountId, {
        ...(input.alias !== undefined ? { alias: input.alias } : {}),
        ...(input.color !== undefined ? { color: input.color } : {}),
        ...(input.environment !== undefined ? { environment: input.environment } : {}),
      }),
    );
  }
}
