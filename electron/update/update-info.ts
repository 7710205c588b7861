// The feed's description of a release (latest*.yml, as electron-updater parsed it) is network
// data: shape-checked here before anything of it is shown or acted on. Every file it names must
// carry a sha512, because electron-updater verifies a download only against the checksum the
// feed gives; a file without one would be taken on trust.
import { z } from "zod";
import type { UpdateReady } from "../../shared/api.js";
import { withoutInvisible } from "../../shared/visible-text.js";

/** The longest "what is new" the notice shows; the release page has the rest. */
export const NOTES_LIMIT = 600;

const SHA512_BASE64 = /^[A-Za-z0-9+/]{86}==$/;

const feedSchema = z.object({
  version: z.string().max(64),
  files: z
    .array(
      z.object({
        url: z.string().min(1).max(2048),
        sha512: z
          .string({ message: "a file without a sha512 cannot be verified" })
          .regex(SHA512_BASE64, "a file's sha512 is not a base64 SHA-512 digest"),
      }),
    )
    .min(1, "the release names no file"),
  releaseName: z.string().max(256).nullish(),
  releaseNotes: z
    .union([
      z.string().max(200_000),
      z.array(z.object({ version: z.string().max(64), note: z.string().max(200_000).nullish() })),
    ])
    .nullish(),
  releaseDate: z.string().max(64).nullish(),
});

export type FeedCheck = { ok: true; update: UpdateReady } | { ok: false; problem: string };

/** The release the feed offers, as the notice shows it, or what is wrong with the feed. */
export function readUpdateInfo(info: unknown): FeedCheck {
  const parsed = feedSchema.safeParse(info);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      problem: `the update feed is not usable (${issue ? `${issue.path.join(".")}: ${issue.message}` : "unreadable"})`,
    };
  }
  const { version, releaseNotes, releaseName, releaseDate } = parsed.data;
  const date = releaseDate && !Number.isNaN(Date.parse(releaseDate)) ? releaseDate : undefined;
  return {
    ok: true,
    update: {
      version,
      notes: releaseNotesText(releaseNotes, releaseName ?? undefined),
      ...(date ? { releaseDate: new Date(date).toISOString() } : {}),
    },
  };
}

/**
 * Release notes as plain text: GitHub gives them as HTML, a full changelog as a list. Tags go,
 * the common entities are decoded, blank runs collapse, and a long text ends with "…".
 */
export function releaseNotesText(
  notes:
    | string
    | ReadonlyArray<{ version: string; note?: string | null | undefined }>
    | null
    | undefined,
  releaseName?: string,
): string {
  const raw =
    typeof notes === "string"
      ? notes
      : (notes ?? []).map((n) => `${n.version}: ${n.note ?? ""}`).join("\n");
  const text = withoutInvisible(
    raw
      .replace(/<(br|\/p|\/li|\/h\d)\s*\/?>/gi, "\n")
      .replace(/<li[^>]*>/gi, "• ")
      .replace(/<[^>]*>/g, "")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&nbsp;/g, " ")
      .replace(/&amp;/g, "&"),
  )
    .split("\n")
    .map((line) => line.replace(/\s+/g, " ").trim())
    .filter((line) => line !== "")
    .join("\n");
  const withName = text || releaseName?.trim() || "";
  return withName.length > NOTES_LIMIT
    ? `${withName.slice(0, NOTES_LIMIT - 1).trimEnd()}…`
    : withName;
}
