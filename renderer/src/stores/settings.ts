// The user's settings and what the app says about itself (version, secret storage).
import { create } from "zustand";
import type { AppInfo, SettingsPatch } from "../../../shared/api.js";
import {
  DEFAULT_SETTINGS,
  type Environment,
  type RoleRef,
  type Settings,
} from "../../../shared/model.js";
import { sso } from "../api.js";
import { reportError } from "./ui.js";

interface SettingsState {
  settings: Settings;
  info: AppInfo | undefined;
  load(settings: Settings, info: AppInfo): void;
  replace(settings: Settings): void;
  update(patch: SettingsPatch): Promise<void>;
  toggleFavorite(role: RoleRef): Promise<void>;
  decorate(
    accountId: string,
    alias: string | null,
    color: string | null,
    environment: Environment | null,
  ): Promise<void>;
}

export const useSettings = create<SettingsState>()((set) => {
  const apply = async (call: () => Promise<Settings>) => {
    try {
      set({ settings: await call() });
    } catch (error) {
      reportError(error);
    }
  };
  return {
    settings: DEFAULT_SETTINGS,
    info: undefined,
    load: (settings, info) => set({ settings, info }),
    replace: (settings) => set({ settings }),
    update: (patch) => apply(() => sso().updateSettings(patch)),
    toggleFavorite: (role) => apply(() => sso().toggleFavorite({ role })),
    decorate: (accountId, alias, color, environment) =>
      apply(() => sso().setAccountDecoration({ accountId, alias, color, environment })),
  };
});
