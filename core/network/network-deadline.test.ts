import { describe, expect, it } from "vitest";
import {
  DEFAULT_NETWORK_TIMEOUT_MS,
  isTimeoutError,
  NETWORK_ATTEMPTS,
  networkTimeoutMs,
  sdkRequestHandler,
} from "./network-deadline.js";

describe("the network deadline", () => {
  it("takes SSOTRAY_NETWORK_TIMEOUT_MS when it is a whole number of milliseconds, else the default", () => {
    expect(networkTimeoutMs({ SSOTRAY_NETWORK_TIMEOUT_MS: "250" })).toBe(250);
    for (const bad of [undefined, "", "0", "-5", "1.5", "2s", "600001"]) {
      expect(networkTimeoutMs({ SSOTRAY_NETWORK_TIMEOUT_MS: bad })).toBe(
        DEFAULT_NETWORK_TIMEOUT_MS,
      );
    }
  });

  it("keeps three tries of the default within about 30 seconds", () => {
    expect(NETWORK_ATTEMPTS * DEFAULT_NETWORK_TIMEOUT_MS).toBeLessThanOrEqual(30_000);
  });

  it("asks the SDK's handler to throw, not warn, and bounds connecting and a stalled answer", () => {
    expect(sdkRequestHandler({ SSOTRAY_NETWORK_TIMEOUT_MS: "400" })).toEqual({
      connectionTimeout: 400,
      requestTimeout: 400,
      socketTimeout: 400,
      throwOnRequestTimeout: true,
    });
  });

  it("recognises the SDK's, the socket's and fetch's timeouts, also as a cause", () => {
    expect(isTimeoutError(Object.assign(new Error("x"), { name: "TimeoutError" }))).toBe(true);
    expect(isTimeoutError(Object.assign(new Error("x"), { code: "ETIMEDOUT" }))).toBe(true);
    expect(isTimeoutError(new Error("x", { cause: new DOMException("t", "TimeoutError") }))).toBe(
      true,
    );
    expect(isTimeoutError(Object.assign(new Error("x"), { code: "ECONNREFUSED" }))).toBe(false);
  });
});
