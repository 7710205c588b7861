import { describe, expect, it } from "vitest";
import { secretStorageStatus } from "./secret-storage-status.js";

describe("secretStorageStatus", () => {
  it("calls a Linux keyring-less fallback what it is", () => {
    expect(secretStorageStatus("linux", true, "gnome_libsecret")).toBe("encrypted");
    expect(secretStorageStatus("linux", true, "kwallet5")).toBe("encrypted");
    expect(secretStorageStatus("linux", true, "basic_text")).toBe("basic_text");
    expect(secretStorageStatus("linux", true, "unknown")).toBe("basic_text");
    expect(secretStorageStatus("darwin", true)).toBe("encrypted");
    expect(secretStorageStatus("win32", false)).toBe("unavailable");
  });
});
