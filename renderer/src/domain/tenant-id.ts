// Checks an account access manager tenant id as it is typed, with the shape main checks it
// against again (shared/iam-shapes.ts; the renderer bundles no zod, so not through the schema).
import { TENANT_ID_MESSAGE, TENANT_ID_SHAPE } from "../../../shared/iam-shapes.js";

export const TENANT_ID_HINT =
  "From your administrator; lists roles account access manager entitles you to.";

/** What is wrong with a tenant id, or undefined when it may be used ("" is no tenant). */
export function tenantIdProblem(input: string): string | undefined {
  const id = input.trim();
  if (id === "" || TENANT_ID_SHAPE.test(id)) return undefined;
  return TENANT_ID_MESSAGE;
}
