import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AppUpdates } from "./app-updates.js";
import { CHECK_INTERVAL_MS, FIRST_CHECK_DELAY_MS, type UpdateMessage } from "./update-policy.js";

/** An updater that never gets as far as the network: each check fails as offline. */
function offlineUpdates(packaged: boolean) {
  const said: UpdateMessage[] = [];
  let attempts = 0;
  const updates = new AppUpdates({
    packaged,
    currentVersion: "1.4.0",
    signInsUnderWay: () => [],
    onReady: () => undefined,
    say: (message) => said.push(message),
    log: () => undefined,
    createUpdater: () => {
      attempts++;
      return Promise.reject(new Error("net::ERR_INTERNET_DISCONNECTED"));
    },
  });
  return { updates, said, attempts: () => attempts };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("automatic checks", () => {
  it("run a while after start and then every few hours, saying nothing when offline", async () => {
    const { updates, said, attempts } = offlineUpdates(true);
    updates.setEnabled(true);
    updates.start();
    await vi.advanceTimersByTimeAsync(FIRST_CHECK_DELAY_MS - 1);
    expect(attempts()).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(attempts()).toBe(1);
    await vi.advanceTimersByTimeAsync(CHECK_INTERVAL_MS);
    expect(attempts()).toBe(2);
    expect(said).toEqual([]);
    updates.stop();
    await vi.advanceTimersByTimeAsync(CHECK_INTERVAL_MS * 3);
    expect(attempts()).toBe(2);
  });

  it("do not run with the setting off, nor in a development build", async () => {
    const off = offlineUpdates(true);
    off.updates.setEnabled(false);
    off.updates.start();
    const dev = offlineUpdates(false);
    dev.updates.setEnabled(true);
    dev.updates.start();
    await vi.advanceTimersByTimeAsync(CHECK_INTERVAL_MS * 2);
    expect(off.attempts()).toBe(0);
    expect(dev.attempts()).toBe(0);
    off.updates.stop();
    dev.updates.stop();
  });

  it("leave Check for updates… to answer in one line, even with the setting off", async () => {
    const { updates, said } = offlineUpdates(true);
    updates.setEnabled(false);
    await updates.check("manual");
    expect(said).toEqual([
      { level: "info", text: "Could not check for updates: no connection. Try again when online." },
    ]);
  });
});
