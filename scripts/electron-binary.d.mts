export function electronBinary(env?: Record<string, string | undefined>): string | undefined;
export const ELECTRON_MISSING: string;
