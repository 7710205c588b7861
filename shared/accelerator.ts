// Electron's accelerator grammar (https://www.electronjs.org/docs/latest/api/accelerator), checked
// before a shortcut is saved: `globalShortcut.register` throws on a string Electron cannot parse,
// and a stored one that throws would break every start of the app.

const MODIFIERS = new Set([
  "command",
  "cmd",
  "control",
  "ctrl",
  "commandorcontrol",
  "cmdorctrl",
  "alt",
  "option",
  "altgr",
  "shift",
  "super",
  "meta",
]);

const NAMED_KEYS = new Set([
  "plus",
  "space",
  "tab",
  "capslock",
  "numlock",
  "scrolllock",
  "backspace",
  "delete",
  "insert",
  "return",
  "enter",
  "up",
  "down",
  "left",
  "right",
  "home",
  "end",
  "pageup",
  "pagedown",
  "escape",
  "esc",
  "volumeup",
  "volumedown",
  "volumemute",
  "medianexttrack",
  "mediaprevioustrack",
  "mediastop",
  "mediaplaypause",
  "printscreen",
  "numdec",
  "numadd",
  "numsub",
  "nummult",
  "numdiv",
]);

/** Keys that make sense as a global shortcut on their own, without a modifier. */
const STANDALONE = /^(f([1-9]|1\d|2[0-4])|volume(up|down|mute)|media\w+)$/;

/** Printable keys Electron maps from a single character ('+' is spelled Plus). */
const SINGLE_CHARACTER = /^[0-9a-z`~!@#$%^&*()\-_=[{\]}\\|;:'",<.>/?]$/;

function isKey(part: string): boolean {
  return (
    SINGLE_CHARACTER.test(part) ||
    NAMED_KEYS.has(part) ||
    /^f([1-9]|1\d|2[0-4])$/.test(part) ||
    /^num[0-9]$/.test(part)
  );
}

/**
 * Why `text` cannot be a global shortcut, or undefined when it can (the empty string turns the
 * shortcut off). Electron needs exactly one key, after any modifiers, each named once.
 */
export function acceleratorProblem(text: string): string | undefined {
  if (text === "") return undefined;
  const example = "e.g. CommandOrControl+Shift+A";
  const parts = text.split("+");
  if (parts.some((part) => part.trim() === "" || part !== part.trim()))
    return `A shortcut is keys joined by '+' with no spaces (${example}); write Plus for the + key`;
  const lower = parts.map((part) => part.toLowerCase());
  const key = lower[lower.length - 1]!;
  const modifiers = lower.slice(0, -1);
  const unknown = modifiers.find((part) => !MODIFIERS.has(part));
  if (unknown !== undefined) {
    return isKey(unknown)
      ? `A shortcut has one key, after its modifiers (${example})`
      : `'${parts[lower.indexOf(unknown)]}' is not a modifier: use CommandOrControl, Control, Alt, Shift or Super`;
  }
  if (MODIFIERS.has(key)) return `A shortcut needs a key after its modifiers (${example})`;
  if (!isKey(key)) return `'${parts[parts.length - 1]}' is not a key Electron knows (${example})`;
  if (new Set(modifiers).size !== modifiers.length) return "Each modifier may appear only once";
  if (modifiers.length === 0 && !STANDALONE.test(key))
    return `A global shortcut needs a modifier such as CommandOrControl or Alt (${example})`;
  return undefined;
}
