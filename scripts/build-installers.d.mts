export const MAC_SIGNING: string[];
export const MAC_NOTARISATION: string[];
export const AZURE_SIGNING: string[];
export function signingPlan(
  system: "linux" | "mac" | "win",
  env: Record<string, string | undefined>,
): { args: string[]; env: Record<string, string>; warnings: string[]; signed: boolean };
