export const RUNNER_CHROME: { darwin: string; win32: string };
export function venvPython(venv: string, platform?: string): string;
export function githubEnvLines(env: Record<string, string>): string;
