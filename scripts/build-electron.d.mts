export function buildElectron(into?: string): Promise<void>;
