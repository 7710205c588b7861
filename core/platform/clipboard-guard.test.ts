import { describe, expect, it } from "vitest";
import { ClipboardGuard } from "./clipboard-guard.js";
import { MemoryClipboard } from "./node-platform.js";
import { FakeClock } from "../../test-support/fake-clock.js";

function setup() {
  const clock = new FakeClock();
  const clipboard = new MemoryClipboard();
  const guard = new ClipboardGuard(clipboard, clock);
  const advance = async (ms: number) => {
    clock.advance(ms);
    await guard.cleared;
  };
  return { clock, clipboard, guard, advance };
}

describe("ClipboardGuard", () => {
  it("clears a copied secret after the set time", async () => {
    const { clipboard, guard, advance } = setup();
    await guard.copySecret("secret", 60);
    await advance(59_999);
    expect(clipboard.text).toBe("secret");
    await advance(1);
    expect(clipboard.text).toBe("");
  });

  it("leaves what the user copied since", async () => {
    const { clipboard, guard, advance } = setup();
    await guard.copySecret("secret", 60);
    clipboard.text = "my own text";
    await advance(120_000);
    expect(clipboard.text).toBe("my own text");
  });

  it("a second copy replaces the first timer, and 0 means never", async () => {
    const { clock, clipboard, guard, advance } = setup();
    await guard.copySecret("one", 60);
    await advance(30_000);
    await guard.copySecret("two", 60);
    await advance(45_000);
    expect(clipboard.text).toBe("two");
    await advance(15_000);
    expect(clipboard.text).toBe("");
    await guard.copySecret("kept", 0);
    await advance(3_600_000);
    expect(clipboard.text).toBe("kept");
    expect(clock.pendingTimers()).toBe(0);
  });

  it("clears at once on quit, but only a secret still on the clipboard", async () => {
    const { clock, clipboard, guard } = setup();
    expect(guard.holdsSecret()).toBe(false);
    await guard.copySecret("secret", 0);
    expect(guard.holdsSecret()).toBe(true);
    await guard.clearNow();
    expect(clipboard.text).toBe("");
    expect(guard.holdsSecret()).toBe(false);
    await guard.copySecret("secret", 60);
    clipboard.text = "my own text";
    await guard.clearNow();
    expect(clipboard.text).toBe("my own text");
    expect(clock.pendingTimers()).toBe(0);
  });
});
