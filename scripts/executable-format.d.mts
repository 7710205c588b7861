export interface ExecutableKind {
  format: "elf" | "pe" | "macho";
  arch: "x64" | "arm64";
}
export interface FileRange {
  offset: number;
  size: number;
}
export function executableKind(bytes: Buffer): ExecutableKind | undefined;
export function peResource(bytes: Buffer, name: string): FileRange | undefined;
export function peSignature(bytes: Buffer): FileRange | undefined;
export function withoutPeSignature(bytes: Buffer): Buffer;
export function machoSection(
  bytes: Buffer,
  segment: string,
  section: string,
): FileRange | undefined;
