// A record of every call, for tests and benchmarks that count calls, 429s or polling gaps.
import { appendFileSync } from "node:fs";
import type { ApiName } from "./options.js";

export interface RequestLogEntry {
  /** Wall-clock time the request arrived (epoch ms), not the simulator's shifted clock. */
  time: number;
  api: ApiName | "Unknown";
  /** 0 when the connection was dropped on purpose. */
  status: number;
  accountId?: string;
  error?: string;
  /** STS: the region of the call's SigV4 credential scope. */
  signingRegion?: string;
  /** The region named by the call's /region/{region} path prefix, if it had one. */
  region?: string;
}

export class RequestLog {
  private entries: RequestLogEntry[] = [];

  constructor(private readonly file: () => string | undefined) {}

  add(entry: RequestLogEntry): void {
    this.entries.push(entry);
    const file = this.file();
    if (file) appendFileSync(file, JSON.stringify(entry) + "\n");
  }

  all(): RequestLogEntry[] {
    return this.entries.map((entry) => ({ ...entry }));
  }

  clear(): void {
    this.entries = [];
  }
}
