import { describe, expect, it } from "vitest";
import { acceleratorProblem } from "./accelerator.js";
import { parseCallInput } from "./api.js";

describe("acceleratorProblem", () => {
  it.each([
    "",
    "CommandOrControl+Shift+A",
    "CmdOrCtrl+Alt+Space",
    "Alt+F4",
    "F12",
    "Super+Plus",
    "Control+Shift+/",
    "Ctrl+num5",
    "MediaPlayPause",
    "Shift+PageDown",
  ])("accepts %j", (text) => {
    expect(acceleratorProblem(text)).toBeUndefined();
  });

  it.each([
    ["CommandOrControl+Shift", /needs a key/],
    ["CommandOrControl+", /no spaces/],
    ["Ctrl + A", /no spaces/],
    ["Hyper+A", /'Hyper' is not a modifier/],
    ["Ctrl+Shift+Banana", /'Banana' is not a key/],
    ["Ctrl+A+B", /one key/],
    ["Ctrl+Ctrl+A", /only once/],
    ["A", /needs a modifier/],
    ["Ctrl+F25", /not a key/],
  ])("refuses %j", (text, message) => {
    expect(acceleratorProblem(text)).toMatch(message);
  });

  it("is what updateSettings checks, with the reason in the message", () => {
    expect(() =>
      parseCallInput("updateSettings", { globalShortcut: "CommandOrControl+Shift" }),
    ).toThrow(/globalShortcut: A shortcut needs a key after its modifiers/);
    expect(parseCallInput("updateSettings", { globalShortcut: "Alt+Shift+S" })).toEqual({
      globalShortcut: "Alt+Shift+S",
    });
  });
});
