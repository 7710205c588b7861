// The bytes of an AWS config or credentials file as text, decoded strictly as UTF-8 (what botocore
// reads them as): a lenient decoder would turn a stray Latin-1 byte into U+FFFD and the next write
// would lose the original byte for good. A file that is not UTF-8 is refused, naming where.
import { isUtf8 } from "node:buffer";

export class ConfigEncodingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigEncodingError";
  }
}

/** Offset of the first byte that does not start a well-formed UTF-8 sequence (RFC 3629), or -1. */
function firstInvalidByte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] as number;
    if (lead < 0x80) {
      i += 1;
      continue;
    }
    // The length of the sequence and the range its second byte must fall in (which rules out
    // overlong forms, surrogates and code points above U+10FFFF).
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) length = 2;
    else if (lead === 0xe0) [length, low] = [3, 0xa0];
    else if (lead === 0xed) [length, high] = [3, 0x9f];
    else if (lead >= 0xe1 && lead <= 0xef) length = 3;
    else if (lead === 0xf0) [length, low] = [4, 0x90];
    else if (lead >= 0xf1 && lead <= 0xf3) length = 4;
    else if (lead === 0xf4) [length, high] = [4, 0x8f];
    else return i;
    for (let k = 1; k < length; k++) {
      const next = bytes[i + k];
      const [min, max] = k === 1 ? [low, high] : [0x80, 0xbf];
      if (next === undefined || next < min || next > max) return i;
    }
    i += length;
  }
  return -1;
}

/** 1-based line of a byte offset, counting LF, CRLF and CR line breaks as botocore does. */
function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) {
    const byte = bytes[i];
    if (byte === 0x0a || (byte === 0x0d && bytes[i + 1] !== 0x0a)) line += 1;
  }
  return line;
}

/**
 * The text of a config file's bytes. `shown` names the file in messages. Refuses UTF-16 (a BOM,
 * or a NUL byte in the first character) and any byte sequence that is not UTF-8.
 */
export function decodeConfigBytes(bytes: Uint8Array, shown: string): string {
  const utf16Bom =
    bytes.length >= 2 &&
    ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
  if (utf16Bom || (bytes.length >= 2 && (bytes[0] === 0 || bytes[1] === 0))) {
    throw new ConfigEncodingError(
      `${shown} is saved as UTF-16, which the AWS CLI cannot read: save it as UTF-8 (in most editors: Save As, encoding UTF-8). SSO Tray has not changed the file.`,
    );
  }
  if (isUtf8(bytes)) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString();
  const offset = firstInvalidByte(bytes);
  const byte = (bytes[offset] as number).toString(16).padStart(2, "0");
  throw new ConfigEncodingError(
    `${shown} line ${lineAt(bytes, offset)} (byte ${offset}): the byte 0x${byte} is not UTF-8 text, which the AWS CLI cannot read. Save the file as UTF-8 (or replace that character); SSO Tray has not changed the file.`,
  );
}
