export const DEFAULT_CACHE: string;
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
export function nodeTarball(
  target: string,
  cacheDir: string,
  options?: { deadlineMs?: number },
): Promise<string>;
export function assertNodeFor(target: string, bytes: Buffer, what: string): void;
export function extractNode(target: string, cacheDir: string, dest: string): Promise<string>;
