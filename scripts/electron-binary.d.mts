export function electronBinary(env?: Record<string, string | undefined>): string | undefined;
export interface InstallOptions {
  env?: Record<string, string | undefined>;
  stderr?: NodeJS.WritableStream;
  timeoutMs?: number;
}
export function installElectron(
  options?: InstallOptions,
): Promise<{ binary: string } | { reason: string }>;
export function ensureElectron(
  options?: InstallOptions,
): Promise<{ binary: string } | { message: string }>;
export function electronInstallFailed(reason: string): string;
