// How safeStorage protects secrets on this machine, as the app reports it. On Linux without a
// keyring Electron falls back to "basic_text" (a hard-coded key): that is not protection, so the
// app then stores nothing secret beyond what the AWS CLI itself stores.
import type { SecretStorageStatus } from "../../core/platform/platform.js";

export function secretStorageStatus(
  platform: NodeJS.Platform,
  encryptionAvailable: boolean,
  linuxBackend?: string,
): SecretStorageStatus {
  if (!encryptionAvailable) return "unavailable";
  if (
    platform === "linux" &&
    (linuxBackend === "basic_text" || linuxBackend === "unknown" || linuxBackend === undefined)
  ) {
    return "basic_text";
  }
  return "encrypted";
}
