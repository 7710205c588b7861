// The schemas of the console-browser settings, for everything that reads them from outside: the
// settings file, the renderer's calls, `ssotray console`'s options.
import { z } from "zod";
import { BROWSERS, browserNameProblem } from "./console-browser.js";
import { withoutInvisible } from "./visible-text.js";

export const profileNameSchema = z
  .string()
  .trim()
  .superRefine((name, ctx) => {
    const problem = browserNameProblem("profile", name);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

export const containerNameSchema = z
  .string()
  .trim()
  .superRefine((name, ctx) => {
    const problem = browserNameProblem("container", name);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

export const consoleBrowserSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("default"), viaPortal: z.boolean().optional() }).strict(),
  z
    .object({
      kind: z.literal("browser"),
      browser: z.enum(BROWSERS),
      profile: profileNameSchema.optional(),
      viaPortal: z.boolean().optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal("container"),
      container: containerNameSchema,
      profile: profileNameSchema.optional(),
      viaPortal: z.boolean().optional(),
    })
    .strict(),
]);

export const consoleBrowserRuleSchema = z
  .object({
    nameContains: z
      .string()
      .transform(withoutInvisible)
      .pipe(z.string().trim().min(1, "A rule needs some text to match").max(64)),
    browser: consoleBrowserSchema,
  })
  .strict();

export const consoleBrowserSettingsSchema = z
  .object({
    sessions: z.record(z.string().min(1).max(128), consoleBrowserSchema),
    rules: z.array(consoleBrowserRuleSchema).max(50),
  })
  .strict();
