import { describe, expect, it } from "vitest";
import { ClipboardGuard } from "./clipboard-guard.js";
import { MemoryClipboard } from "./node-platform.js";
import { FakeClock } from "./testing/fake-clock.js";

describe("ClipboardGuard", () => {
  it("clears a copied secret after the set time", () => {
    const clock = new FakeClock();
    const clipboard = new MemoryClipboard();
    new ClipboardGuard(clipboard, clock).copySecret("secret", 60);
    clock.advance(59_999);
    expect(clipboard.text).toBe("secret");
    clock.advance(1);
    expect(clipboard.text).toBe("");
  });

  it("leaves what the user copied since", () => {
    const clock = new FakeClock();
    const clipboard = new MemoryClipboard();
    new ClipboardGuard(clipboard, clock).copySecret("secret", 60);
    clipboard.writeText("my own text");
    clock.advance(120_000);
    expect(clipboard.text).toBe("my own text");
  });

  it("a second copy replaces the first timer, and 0 means never", () => {
    const clock = new FakeClock();
    const clipboard = new MemoryClipboard();
    const guard = new ClipboardGuard(clipboard, clock);
    guard.copySecret("one", 60);
    clock.advance(30_000);
    guard.copySecret("two", 60);
    clock.advance(45_000);
    expect(clipboard.text).toBe("two");
    clock.advance(15_000);
    expect(clipboard.text).toBe("");
    guard.copySecret("kept", 0);
    clock.advance(3_600_000);
    expect(clipboard.text).toBe("kept");
    expect(clock.pendingTimers()).toBe(0);
  });
});
