// Timestamps in the SSO token cache. The AWS CLI writes `2026-11-24T08:00:00Z`; older CLIs wrote
// `...UTC` and the AWS toolkits write milliseconds. All are read; only the CLI's form is written.
import { z } from "zod";

export function formatUtc(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

export function parseUtc(text: string): Date | undefined {
  const t = text.trim();
  const m =
    /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2}(?:\.\d+)?)\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?$/i.exec(
      t,
    );
  if (!m) return undefined;
  const zone =
    !m[3] || /^(z|utc|gmt)$/i.test(m[3])
      ? "Z"
      : m[3].length === 5
        ? `${m[3].slice(0, 3)}:${m[3].slice(3)}`
        : m[3];
  const ms = Date.parse(`${m[1]}T${m[2]}${zone}`);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

/** A cache-file timestamp, read into a Date; anything else is a schema error naming the text. */
export const utcTimestamp = z.string().transform((text, ctx) => {
  const date = parseUtc(text);
  if (!date) {
    ctx.addIssue({ code: "custom", message: `'${text}' is not a UTC timestamp` });
    return z.NEVER;
  }
  return date;
});
