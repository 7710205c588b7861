// Checks an account access manager tenant id as it is typed. The rule is shared/api.ts's
// tenantIdSchema (main checks it again); the renderer bundles no zod, so it is restated here and
// tenant-id.test.ts holds the two to one answer.

const TENANT_ID = /^aa-[a-z0-9-]{0,21}$/;

export const TENANT_ID_HINT =
  "From your administrator; lists roles account access manager entitles you to.";

/** What is wrong with a tenant id, or undefined when it may be used ("" is no tenant). */
export function tenantIdProblem(input: string): string | undefined {
  const id = input.trim();
  if (id === "" || TENANT_ID.test(id)) return undefined;
  return "A tenant id looks like aa-example: aa- then up to 21 lowercase letters, digits or -";
}
