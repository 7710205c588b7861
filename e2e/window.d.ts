// In the page, the contract is `window.sso` (set up by the preload or the e2e bridge).
import type { Api } from "../shared/api.js";

declare global {
  interface Window {
    sso: Api;
  }
}

export {};
