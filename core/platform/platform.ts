// The Platform port: the only way core reaches the desktop. The Electron app passes Electron's
// implementations (electron/platform/), the CLI and the tests pass Node ones
// (core/platform/node-platform.ts). Keeping it this small is what lets core run without Electron.

export interface Timer {
  cancel(): void;
}

export interface Clock {
  now(): number;
  setTimer(callback: () => void, ms: number): Timer;
}

/** Asynchronous, as Electron's clipboard is since Electron 45. */
export interface ClipboardPort {
  readText(): Promise<string>;
  writeText(text: string): Promise<void>;
}

export interface NotificationRequest {
  title: string;
  body: string;
  /** A button label (where the OS shows buttons); clicking the notification itself does the same. */
  actionLabel?: string;
  onAction?: () => void;
}

/**
 * How secrets the app keeps itself can be protected. Where the answer is not "encrypted",
 * the app keeps no secret on disk beyond what the AWS CLI itself keeps.
 */
export type SecretStorageStatus = "encrypted" | "basic_text" | "unavailable";

export interface SecretStoragePort {
  status(): SecretStorageStatus;
  encrypt(plain: string): Buffer;
  decrypt(data: Buffer): string;
}

export interface Platform {
  clock: Clock;
  clipboard: ClipboardPort;
  /** Opens an https URL in the user's browser; anything else is refused. */
  openInBrowser(url: string): Promise<void>;
  notify(request: NotificationRequest): void;
  secrets: SecretStoragePort;
}
