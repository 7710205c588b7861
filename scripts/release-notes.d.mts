export function unsignedNotice(signed: { macos: boolean; windows: boolean }): string;
