// Characters that show as nothing at all: Unicode's default-ignorable code points (zero-width
// spaces and joiners, the soft hyphen, the combining grapheme joiner, variation selectors, the
// Hangul fillers, tag characters) and every format character (bidi marks and overrides among
// them). A name that carries one looks the same as one without it, so `team-sand\u200bbox` would
// read as "team-sandbox" yet escape a console rule on "sandbox". Names lose them before they are
// matched, shown or written. Shared because the renderer matches console rules too.
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cf}]/gu;

/** The text without characters that show as nothing. */
export function withoutInvisible(text: string): string {
  return text.replace(INVISIBLE, "");
}
