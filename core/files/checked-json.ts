// A JSON file of ours read through a schema. A missing file is no file; one that does not parse or
// does not match is renamed aside as `<file>.corrupt-<ms>`, never thrown away (the user may want
// what is in it), and the caller is told where, to say so and go on with its defaults.
import { readFile, rename } from "node:fs/promises";
import type { z } from "zod";

export async function readCheckedJson<S extends z.ZodType>(
  file: string,
  schema: S,
  setAside: (aside: string) => void,
): Promise<{ value: z.output<S>; raw: unknown } | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    raw = undefined;
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { value: parsed.data, raw };
  const aside = `${file}.corrupt-${Date.now()}`;
  await rename(file, aside).catch(() => undefined);
  setAside(aside);
  return undefined;
}
