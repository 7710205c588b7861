import { describe, expect, it } from "vitest";
import type { ApiHandlers } from "../../shared/api.js";
import { dispatchIpcCall } from "./ipc-dispatch.js";
import { isTrustedSender } from "./trusted-sender.js";

const APP = "file:///opt/SSO%20Tray/resources/app.asar/dist/renderer/index.html";

describe("isTrustedSender", () => {
  it("accepts only our own web contents showing our own page", () => {
    const own = new Set([3]);
    expect(isTrustedSender({ id: 3, frameUrl: APP }, own, APP)).toBe(true);
    expect(isTrustedSender({ id: 4, frameUrl: APP }, own, APP)).toBe(false);
    expect(isTrustedSender({ id: 3, frameUrl: "https://evil.example/" }, own, APP)).toBe(false);
    expect(isTrustedSender({ id: 3, frameUrl: "file:///tmp/other.html" }, own, APP)).toBe(false);
    expect(isTrustedSender({ id: 3, frameUrl: "not a url" }, own, APP)).toBe(false);
    expect(
      isTrustedSender(
        { id: 3, frameUrl: "http://localhost:5173/settings" },
        own,
        "http://localhost:5173/",
      ),
    ).toBe(true);
  });
});

describe("isTrustedSender on the app's own scheme", () => {
  const own = new Set([3]);
  const PAGE = "app://sso-tray/index.html";
  const trusted = (frameUrl: string, appUrl = PAGE) =>
    isTrustedSender({ id: 3, frameUrl }, own, appUrl);

  it("trusts every path of its own origin", () => {
    expect(trusted(PAGE)).toBe(true);
    expect(trusted("app://sso-tray/")).toBe(true);
    expect(trusted("app://sso-tray/index.html#settings")).toBe(true);
  });

  it("compares the whole origin, though app:// origins are opaque to URL", () => {
    expect(trusted("app://evil/index.html")).toBe(false);
    expect(trusted("app://sso-tray.evil/index.html")).toBe(false);
    expect(trusted("other://sso-tray/index.html")).toBe(false);
    expect(trusted("https://sso-tray/index.html")).toBe(false);
    expect(trusted("app://user:pw@sso-tray/index.html")).toBe(false);
  });

  it("compares protocol and port for web origins", () => {
    const dev = "http://localhost:5173/";
    expect(trusted("http://localhost:5173/x", dev)).toBe(true);
    expect(trusted("https://localhost:5173/x", dev)).toBe(false);
    expect(trusted("http://localhost:5174/x", dev)).toBe(false);
    expect(trusted("http://evil.example:5173/x", dev)).toBe(false);
  });

  it("keeps file:// to the page itself, on no other host", () => {
    expect(
      trusted("file://otherhost/opt/SSO%20Tray/resources/app.asar/dist/renderer/index.html", APP),
    ).toBe(false);
    expect(trusted("file:///opt/SSO%20Tray/resources/app.asar/dist/renderer/other.html", APP)).toBe(
      false,
    );
  });
});

describe("dispatchIpcCall", () => {
  const calls: unknown[] = [];
  const handlers = {
    hideWindow: async (input: unknown) => {
      calls.push(input);
    },
  } as unknown as ApiHandlers;
  const trust = { ownIds: new Set([1]), appUrl: APP };

  it("drops calls from an untrusted sender before anything runs", async () => {
    const result = await dispatchIpcCall(
      handlers,
      { id: 9, frameUrl: APP },
      trust,
      "hideWindow",
      {},
    );
    expect(result).toEqual({
      ok: false,
      error: { name: "UntrustedSender", message: "This window may not call SSO Tray" },
    });
    expect(calls).toEqual([]);
  });

  it("validates the call and its argument from the contract", async () => {
    expect(
      await dispatchIpcCall(handlers, { id: 1, frameUrl: APP }, trust, "hideWindow", {}),
    ).toEqual({ ok: true, value: null });
    expect(calls).toEqual([{}]);
    const bad = await dispatchIpcCall(handlers, { id: 1, frameUrl: APP }, trust, "hideWindow", {
      x: 1,
    });
    expect(bad).toMatchObject({ ok: false, error: { name: "InvalidArgument" } });
    const unknown = await dispatchIpcCall(
      handlers,
      { id: 1, frameUrl: APP },
      trust,
      "__proto__",
      {},
    );
    expect(unknown).toMatchObject({ ok: false, error: { name: "UnknownCall" } });
  });
});
