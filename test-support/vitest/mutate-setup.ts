// Under `npm run mutate` every mutant reruns the property tests: fewer generated cases each keeps
// a module group within minutes, and still finds what breaks the invariants for most inputs.
import fc from "fast-check";

fc.configureGlobal({ numRuns: 25 });
