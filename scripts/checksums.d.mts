export function checksumLine(digest: string, name: string): string;
export function sha256File(file: string): Promise<string>;
export function checksums(dir: string, options?: { exclude?: string[] }): Promise<string>;
