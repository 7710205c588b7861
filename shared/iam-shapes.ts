// The shapes of an IAM role ARN and of an account access manager tenant id, with the words that
// say them: main checks every input against these (shared/api.ts's schemas), and the renderer,
// which bundles no zod, checks as the user types with the very same expressions.

/** An IAM role ARN; the account id and role name are its 5th field and its last path part. */
export const ROLE_ARN_SHAPE =
  /^arn:aws(?:-[a-z]+)*:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;

export const ROLE_ARN_MESSAGE = "A role ARN looks like arn:aws:iam::111111111111:role/Name";

/** account access manager tenant ids: aa- and up to 21 lowercase letters, digits or -. */
export const TENANT_ID_SHAPE = /^aa-[a-z0-9-]{0,21}$/;

export const TENANT_ID_MESSAGE =
  "A tenant id looks like aa-example: aa- then up to 21 lowercase letters, digits or -";
