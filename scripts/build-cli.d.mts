import type { BuildResult } from "esbuild";
export function buildCli(options?: {
  quiet?: boolean;
  outdir?: string;
}): Promise<BuildResult<{ metafile: true }>>;
