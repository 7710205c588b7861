import type { BuildResult } from "esbuild";
export function buildCli(options?: { quiet?: boolean }): Promise<BuildResult<{ metafile: true }>>;
