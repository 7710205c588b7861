// What one doctor check found. An error stops sign-in or credentials from working (doctor exits
// non-zero); a warning is worth knowing and leaves the exit status at 0.
export type Severity = "ok" | "warning" | "error";

export interface Finding {
  /** The check, e.g. "config", "clock". */
  check: string;
  severity: Severity;
  /** What was found and, unless all is well, what to do. */
  message: string;
}

export const found = (check: string, severity: Severity, message: string): Finding => ({
  check,
  severity,
  message,
});
