// A stand-in for Electron's safeStorage in tests: really encrypts (AES-256-GCM under a key made
// for the test), so a test can show that nothing readable reaches the disk.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { SecretStoragePort, SecretStorageStatus } from "../core/platform/platform.js";

/** `status` may change under a test (a keyring locked at the next start). */
export function aesSecrets(
  status: SecretStorageStatus | (() => SecretStorageStatus) = "encrypted",
): SecretStoragePort {
  const key = randomBytes(32);
  return {
    status: typeof status === "function" ? status : () => status,
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decrypt(data) {
      const decipher = createDecipheriv("aes-256-gcm", key, data.subarray(0, 12));
      decipher.setAuthTag(data.subarray(12, 28));
      return Buffer.concat([decipher.update(data.subarray(28)), decipher.final()]).toString("utf8");
    },
  };
}
