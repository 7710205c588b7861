// What the macOS and Windows CI jobs write to $GITHUB_ENV for the tests' tools.
import { describe, expect, it } from "vitest";
import { githubEnvLines, venvPython } from "./ci-test-tools.mjs";

describe("the test tools' variables", () => {
  it("point at the virtualenv's python where venv puts it on each system", () => {
    expect(venvPython("/w/.tmp/interop", "darwin")).toBe("/w/.tmp/interop/bin/python");
    expect(venvPython("D:\\a\\w\\.tmp\\interop", "win32")).toBe(
      "D:\\a\\w\\.tmp\\interop\\Scripts\\python.exe",
    );
  });

  it("are one NAME=value a line, and refuse a value that would start another variable", () => {
    expect(
      githubEnvLines({ SSOTRAY_PYTHON: "/p", CHROMIUM_PATH: "C:\\Program Files\\c.exe" }),
    ).toBe("SSOTRAY_PYTHON=/p\nCHROMIUM_PATH=C:\\Program Files\\c.exe\n");
    expect(() => githubEnvLines({ A: "x\nNODE_OPTIONS=--require=evil" })).toThrow(
      /A's value has a line break/,
    );
  });
});
