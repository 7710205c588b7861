// What a service test starts (a simulator, an AppService, a throwaway HOME), ended after each
// test whatever happened in it.
import { rm } from "node:fs/promises";
import { afterEach } from "vitest";
import type { AppService } from "../core/service/service.js";
import type { Simulator } from "../simulator/index.js";

export interface ServiceFixture {
  sim?: Simulator;
  service?: AppService;
  home?: string;
}

export function serviceFixture(): ServiceFixture {
  const fixture: ServiceFixture = {};
  afterEach(async () => {
    fixture.service?.dispose();
    await fixture.sim?.close();
    if (fixture.home) await rm(fixture.home, { recursive: true, force: true });
    fixture.sim = fixture.service = fixture.home = undefined;
  });
  return fixture;
}
