// The account and role pairs the credential_process reader tests write profiles for: a plain role,
// and one whose name uses every character IAM allows beside letters and digits (+=,.@-), so each
// reader is shown the words a line has to carry intact.
import type { AccountRole } from "../shared/model.js";

export const READER_PAIRS: readonly AccountRole[] = [
  {
    session: "",
    accountId: "111111111111",
    accountName: "dev",
    emailAddress: "",
    roleName: "Admin",
  },
  {
    session: "",
    accountId: "222222222222",
    accountName: "prod",
    emailAddress: "",
    roleName: "Deploy+ci=main,eu.west@team-1",
  },
];
