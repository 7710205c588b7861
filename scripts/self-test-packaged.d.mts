export const PRODUCT_NAME: string;
export const LINUX_EXECUTABLE: string;
export function packagedAppPath(platform: string, arch: string): string;
export function findPackagedApp(releaseDir: string, platform?: string, arch?: string): string;
export function simulatorSession(
  output: string,
): { startUrl: string; region: string; env: Record<string, string> } | undefined;
export function selfTestCommand(
  executable: string,
  host?: { platform?: string; uid?: number; display?: string },
): [string, string[]];
