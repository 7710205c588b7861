// Errors cross the IPC boundary as plain data; the client turns them back into ApiError. Kept
// apart from api.ts so the preload, which only forwards calls, does not bundle the schemas.

export interface WireError {
  name: string;
  message: string;
}
export type WireResult<T> = { ok: true; value: T } | { ok: false; error: WireError };

export class ApiError extends Error {
  constructor(
    readonly errorName: string,
    message: string,
  ) {
    super(message);
    this.name = errorName;
  }
}
