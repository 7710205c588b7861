export const SEA_FUSE: string;
export function executableName(target?: string): string;
export function isLiefNoteNoise(line: string): boolean;
export function packageCli(options?: {
  outdir?: string;
  quiet?: boolean;
  targets?: string[];
  cacheDir?: string;
}): Promise<{ target: string; executable: string; needs?: string }[]>;
