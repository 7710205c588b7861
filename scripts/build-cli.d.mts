import type { BuildResult } from "esbuild";
export function buildCli(options?: {
  quiet?: boolean;
  /** An output folder other than dist-cli/. */
  into?: string;
}): Promise<BuildResult<{ metafile: true }>>;
