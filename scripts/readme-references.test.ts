// Files that send the reader to a section of the README or of a docs/ page by name
// ("README, \"Install\"", "docs/install.md, \"Which Node.js\"") name one that exists: a renamed
// heading or a moved section otherwise leaves a pointer to nothing.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");

function headings(file: string): Set<string> {
  return new Set(
    readFileSync(path.join(root, file), "utf8")
      .split("\n")
      .filter((l) => /^#{1,6} /.test(l))
      .map((l) => l.replace(/^#+ /, "").trim()),
  );
}

describe("references to README and docs/ sections", () => {
  it("name a heading the page has", () => {
    const files = execFileSync("git", ["ls-files"], { cwd: root, encoding: "utf8" })
      .split("\n")
      .filter((f) => f && !f.endsWith(".png") && f !== "package-lock.json")
      .filter((f) => f !== "scripts/readme-references.test.ts");
    const references: Array<[string, string, string]> = [];
    for (const file of files) {
      let text: string;
      try {
        text = readFileSync(path.join(root, file), "utf8");
      } catch {
        continue;
      }
      // A comment may break the line between the page and the section.
      for (const match of text.matchAll(/(README|docs\/[\w.-]+\.md),\s*(?:\/\/|#)?\s*"([^"]+)"/g))
        references.push([file, match[1] === "README" ? "README.md" : match[1]!, match[2]!]);
    }
    expect(references).toContainEqual([".npmrc", "docs/install.md", "Which Node.js"]);
    for (const [file, page, section] of references) {
      expect(existsSync(path.join(root, page)), `${file} names ${page}, which does not exist`).toBe(
        true,
      );
      expect(headings(page).has(section), `${file} names ${page} section "${section}"`).toBe(true);
    }
  });
});
