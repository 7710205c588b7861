export function releaseVersion(tag: string, packageVersion: string): string;
