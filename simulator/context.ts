import type { SimAccount } from "./directory.js";
import type { ResolvedOptions } from "./options.js";
import type { SimulatorState } from "./state.js";

/** What every route handler may read: the instance's state, its options and its clock. */
export interface SimContext {
  state: SimulatorState;
  options: ResolvedOptions;
  accounts: SimAccount[];
  accountsById: Map<string, SimAccount>;
  /** The simulator's notion of now (ms), which tests may move forward with advanceTime. */
  now(): number;
  /** http://127.0.0.1:PORT */
  url(): string;
}

/** What a handler tells the request log besides the status. */
export interface LogNote {
  accountId?: string;
  error?: string;
  /** The region a SigV4-signed call was signed for (its credential scope): where it was sent. */
  signingRegion?: string;
  /** The region named by the call's /region/{region} path prefix. */
  region?: string;
}
