export interface DownloadFailure {
  reason: string;
  downloading: string;
}
type Env = Record<string, string | undefined>;
export function shownProxy(value: string | undefined): string;
export function networkFailure(output: string): DownloadFailure | undefined;
export function downloadFailed(failure: DownloadFailure, env?: Env): string;
export function electronZipCached(version: string, env?: Env): boolean;
export function preflight(
  env?: Env,
  electronVersion?: string,
): Promise<DownloadFailure | undefined>;
export function runElectronBuilder(args: string[], env?: Env): Promise<number>;
