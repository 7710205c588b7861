// The clock check against the simulator's Date header: a clock 10 minutes ahead is an error (AWS
// refuses signed requests more than 5 minutes off), 3 minutes behind a warning, a right one ok.
import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../simulator/index.js";
import { tempHome, type TestHome } from "../../test-support/test-home.js";
import { checkClock } from "./clock-check.js";

let sim: Simulator;
let home: TestHome;
beforeAll(async () => {
  sim = await startSimulator({ accounts: 3 });
  home = await tempHome(sim.env);
});
afterAll(async () => {
  await sim?.close();
  if (home) await rm(home.dir, { recursive: true, force: true });
});

const MINUTE = 60_000;

describe("the clock check", () => {
  it("tells an error, a warning and a right clock apart by the server's Date header", async () => {
    const target = [{ url: sim.url }];
    const at = (offset: number) => () => Date.now() + offset;
    const [ahead] = await checkClock(target, home.env, home.locations, at(10 * MINUTE));
    expect(ahead).toMatchObject({
      severity: "error",
      message: expect.stringMatching(/clock is 10 min ahead of AWS's/),
    });
    const [behind] = await checkClock(target, home.env, home.locations, at(-3 * MINUTE));
    expect(behind).toMatchObject({
      severity: "warning",
      message: expect.stringMatching(/clock is 3 min behind AWS's/),
    });
    const [right] = await checkClock(target, home.env, home.locations, at(0));
    expect(right).toMatchObject({ severity: "ok" });
  });

  it("ends with a message within the network deadline when nothing answers", async () => {
    const env = { ...home.env, SSOTRAY_NETWORK_TIMEOUT_MS: "300" };
    // An endpoint that accepts the connection and never answers.
    sim.setOptions({ stall: ["/federation"] });
    try {
      const [stalled] = await checkClock([{ url: `${sim.url}/federation` }], env, home.locations);
      expect(stalled).toMatchObject({
        severity: "error",
        message: expect.stringMatching(
          /^Could not reach .* to compare clocks \(no answer in 0\.3 s\)/,
        ),
      });
    } finally {
      sim.setOptions({ stall: [] });
    }
  });
});
