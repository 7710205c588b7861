// The one order accounts and roles are listed in, everywhere: by name, ignoring case and accents,
// with numbers in names compared as numbers ("team-2" before "team-10"), then by account id.
// Main sorts every list it sends and caches with it, so the renderer's own sort of a list that
// is already in order is a single pass.

interface Named {
  accountName: string;
  accountId: string;
}

const byName = new Intl.Collator("en", { sensitivity: "base", numeric: true });

export function compareNames(a: string, b: string): number {
  return byName.compare(a, b);
}

export function compareAccounts(a: Named, b: Named): number {
  return (
    byName.compare(a.accountName, b.accountName) ||
    (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0)
  );
}
