// A unified diff of two versions of a text file, for `--dry-run`. Config edits are a few blocks
// in a large file, so the common prefix and suffix are cut first and the LCS runs on what is left.

const CONTEXT = 3;

function lcsOps(a: string[], b: string[]): Array<{ op: " " | "-" | "+"; line: string }> {
  const n = a.length;
  const m = b.length;
  // Past this size an exact LCS costs too much memory; show the block as replaced instead.
  if (n * m > 4_000_000)
    return [
      ...a.map((line) => ({ op: "-" as const, line })),
      ...b.map((line) => ({ op: "+" as const, line })),
    ];
  const table = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      (table[i] as Uint32Array)[j] =
        a[i] === b[j]
          ? ((table[i + 1] as Uint32Array)[j + 1] as number) + 1
          : Math.max(
              (table[i + 1] as Uint32Array)[j] as number,
              (table[i] as Uint32Array)[j + 1] as number,
            );
    }
  }
  const ops: Array<{ op: " " | "-" | "+"; line: string }> = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      ops.push({ op: " ", line: a[i++] as string });
      j++;
    } else if (
      ((table[i + 1] as Uint32Array)[j] as number) >= ((table[i] as Uint32Array)[j + 1] as number)
    ) {
      ops.push({ op: "-", line: a[i++] as string });
    } else {
      ops.push({ op: "+", line: b[j++] as string });
    }
  }
  while (i < n) ops.push({ op: "-", line: a[i++] as string });
  while (j < m) ops.push({ op: "+", line: b[j++] as string });
  return ops;
}

export function lineDiff(before: string, after: string, name: string): string {
  if (before === after) return "";
  const a = before.split(/\r?\n/);
  const b = after.split(/\r?\n/);
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < a.length - prefix &&
    suffix < b.length - prefix &&
    a[a.length - 1 - suffix] === b[b.length - 1 - suffix]
  )
    suffix++;
  const ops = [
    ...a.slice(0, prefix).map((line) => ({ op: " " as const, line })),
    ...lcsOps(a.slice(prefix, a.length - suffix), b.slice(prefix, b.length - suffix)),
    ...a.slice(a.length - suffix).map((line) => ({ op: " " as const, line })),
  ];
  // Group changes into hunks with CONTEXT lines around them.
  const out = [`--- ${name}`, `+++ ${name} (after)`];
  let k = 0;
  let oldLine = 1;
  let newLine = 1;
  const positions = ops.map((o) => {
    const at = { old: oldLine, new: newLine };
    if (o.op !== "+") oldLine++;
    if (o.op !== "-") newLine++;
    return at;
  });
  while (k < ops.length) {
    if ((ops[k] as { op: string }).op === " ") {
      k++;
      continue;
    }
    const start = Math.max(0, k - CONTEXT);
    let end = k;
    let quiet = 0;
    while (end < ops.length && quiet <= CONTEXT * 2) {
      quiet = (ops[end] as { op: string }).op === " " ? quiet + 1 : 0;
      end++;
    }
    end = Math.min(ops.length, end - Math.max(0, quiet - CONTEXT));
    const hunk = ops.slice(start, end);
    const from = positions[start] as { old: number; new: number };
    const oldCount = hunk.filter((o) => o.op !== "+").length;
    const newCount = hunk.filter((o) => o.op !== "-").length;
    out.push(`@@ -${from.old},${oldCount} +${from.new},${newCount} @@`);
    out.push(...hunk.map((o) => `${o.op}${o.line}`));
    k = end;
  }
  return out.join("\n") + "\n";
}
