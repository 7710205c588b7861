export const SEA_FUSE: string;
export const NODE_VERSION: string;
export const TARGETS: Record<
  string,
  {
    package?: string;
    file?: string;
    kind: { format: "elf" | "pe" | "macho"; arch: "x64" | "arm64" };
    integrity?: string;
  }
>;
export function hostTarget(): string;
export function executableName(target?: string): string;
export function nodeTarball(target: string, cacheDir: string): Promise<string>;
export function packageCli(options?: {
  outdir?: string;
  quiet?: boolean;
  targets?: string[];
  cacheDir?: string;
}): Promise<{ target: string; executable: string; needs?: string }[]>;
export function isLiefNoteNoise(line: string): boolean;
export function assertNodeFor(target: string, bytes: Buffer, what: string): void;
