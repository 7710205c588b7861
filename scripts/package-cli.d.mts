export const SEA_FUSE: string;
export function packageCli(options?: { outdir?: string; quiet?: boolean }): Promise<string>;
