// The header reader on executables made here byte by byte (the smallest files each format
// allows, with what postject adds) and on the Node running the tests. The cross-built files
// themselves are read in package-cli-targets.test.ts.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  executableKind,
  machoSection,
  peResource,
  peSignature,
  withoutPeSignature,
} from "./executable-format.mjs";

function elf(machine: number, { bits = 2, endian = 1 } = {}): Buffer {
  const b = Buffer.alloc(64);
  b.write("\x7fELF", 0, "latin1");
  b[4] = bits;
  b[5] = endian;
  b.writeUInt16LE(machine, 0x12);
  return b;
}

const PE = 0x40;
const OPTIONAL = PE + 24;
const SECTIONS = OPTIONAL + 240;
const RSRC_FILE = 0x200;
const RSRC_RVA = 0x1000;

/**
 * A PE32+ file with one .rsrc section holding RCDATA/`name`/0x409 = `data`, as postject writes
 * a Windows SEA blob, and `signature` appended as its certificate table when given.
 */
function pe({
  machine = 0x8664,
  name = "NODE_SEA_BLOB",
  data = Buffer.from("the blob"),
  signature,
  type = 10,
}: {
  machine?: number;
  name?: string;
  data?: Buffer;
  signature?: Buffer;
  type?: number;
} = {}): Buffer {
  const b = Buffer.alloc(RSRC_FILE + 0x80 + data.length);
  b.write("MZ", 0, "latin1");
  b.writeUInt32LE(PE, 0x3c);
  b.write("PE\0\0", PE, "latin1");
  b.writeUInt16LE(machine, PE + 4);
  b.writeUInt16LE(1, PE + 6);
  b.writeUInt16LE(240, PE + 20);
  b.writeUInt16LE(0x20b, OPTIONAL);
  b.writeUInt32LE(0xabcdef, OPTIONAL + 64); // a checksum
  b.writeUInt32LE(16, OPTIONAL + 108);
  b.writeUInt32LE(RSRC_RVA, OPTIONAL + 112 + 2 * 8);
  b.writeUInt32LE(0x80 + data.length, OPTIONAL + 112 + 2 * 8 + 4);
  b.write(".rsrc", SECTIONS, "latin1");
  b.writeUInt32LE(0x80 + data.length, SECTIONS + 8);
  b.writeUInt32LE(RSRC_RVA, SECTIONS + 12);
  b.writeUInt32LE(0x80 + data.length, SECTIONS + 16);
  b.writeUInt32LE(RSRC_FILE, SECTIONS + 20);
  const r = RSRC_FILE;
  // type directory: one id entry, pointing at the name directory
  b.writeUInt16LE(1, r + 14);
  b.writeUInt32LE(type, r + 16);
  b.writeUInt32LE(0x80000000 + 0x18, r + 20);
  // name directory: one named entry, pointing at the language directory
  b.writeUInt16LE(1, r + 0x18 + 12);
  b.writeUInt32LE(0x80000000 + 0x60, r + 0x18 + 16);
  b.writeUInt32LE(0x80000000 + 0x30, r + 0x18 + 20);
  // language directory: one id entry, pointing at a data entry
  b.writeUInt16LE(1, r + 0x30 + 14);
  b.writeUInt32LE(0x409, r + 0x30 + 16);
  b.writeUInt32LE(0x48, r + 0x30 + 20);
  b.writeUInt32LE(RSRC_RVA + 0x80, r + 0x48);
  b.writeUInt32LE(data.length, r + 0x48 + 4);
  b.writeUInt16LE(name.length, r + 0x60);
  b.write(name, r + 0x62, "utf16le");
  data.copy(b, r + 0x80);
  if (!signature) return b;
  b.writeUInt32LE(b.length, OPTIONAL + 112 + 4 * 8);
  b.writeUInt32LE(signature.length, OPTIONAL + 112 + 4 * 8 + 4);
  return Buffer.concat([b, signature]);
}

/** A 64-bit Mach-O file with one segment of one section, whose bytes follow the headers. */
function macho({
  cpu = 0x01000007,
  magic = 0xfeedfacf,
  segment = "NODE_SEA",
  section = "__NODE_SEA_BLOB",
  data = Buffer.from("the blob"),
} = {}): Buffer {
  const headers = 32 + 72 + 80;
  const b = Buffer.alloc(headers + data.length);
  b.writeUInt32LE(magic, 0);
  b.writeUInt32LE(cpu, 4);
  b.writeUInt32LE(1, 16);
  b.writeUInt32LE(72 + 80, 20);
  b.writeUInt32LE(0x19, 32);
  b.writeUInt32LE(72 + 80, 36);
  b.write(segment, 32 + 8, "latin1");
  b.writeUInt32LE(1, 32 + 64);
  b.write(section, 32 + 72, "latin1");
  b.write(segment, 32 + 72 + 16, "latin1");
  b.writeBigUInt64LE(BigInt(data.length), 32 + 72 + 40);
  b.writeUInt32LE(headers, 32 + 72 + 48);
  data.copy(b, headers);
  return b;
}

const at = (bytes: Buffer, range: { offset: number; size: number } | undefined) =>
  range && bytes.subarray(range.offset, range.offset + range.size).toString("latin1");

describe("executableKind", () => {
  it("knows 64-bit ELF, PE and Mach-O files for x64 and arm64", () => {
    expect(executableKind(elf(0x3e))).toEqual({ format: "elf", arch: "x64" });
    expect(executableKind(elf(0xb7))).toEqual({ format: "elf", arch: "arm64" });
    expect(executableKind(pe())).toEqual({ format: "pe", arch: "x64" });
    expect(executableKind(pe({ machine: 0xaa64 }))).toEqual({ format: "pe", arch: "arm64" });
    expect(executableKind(macho())).toEqual({ format: "macho", arch: "x64" });
    expect(executableKind(macho({ cpu: 0x0100000c }))).toEqual({ format: "macho", arch: "arm64" });
  });

  it("reads the Node running this as this machine's kind", () => {
    const format = { linux: "elf", win32: "pe", darwin: "macho" }[process.platform as string];
    expect(executableKind(readFileSync(process.execPath))).toEqual({ format, arch: process.arch });
  });

  it("refuses 32-bit, big-endian, other machines, fat files, short files and text", () => {
    expect(executableKind(elf(0x3e, { bits: 1 }))).toBeUndefined();
    expect(executableKind(elf(0x3e, { endian: 2 }))).toBeUndefined();
    expect(executableKind(elf(0xf3))).toBeUndefined(); // RISC-V
    expect(executableKind(pe({ machine: 0x14c }))).toBeUndefined(); // i386
    const noPe = pe();
    noPe.write("NE", PE, "latin1");
    expect(executableKind(noPe)).toBeUndefined();
    const farPe = pe();
    farPe.writeUInt32LE(farPe.length, 0x3c);
    expect(executableKind(farPe)).toBeUndefined();
    expect(executableKind(macho({ magic: 0xfeedface }))).toBeUndefined();
    expect(executableKind(macho({ magic: 0xbebafeca }))).toBeUndefined(); // fat, as read LE
    expect(executableKind(elf(0x3e).subarray(0, 20))).toBeUndefined();
    expect(executableKind(Buffer.from("#!/bin/sh\n".repeat(10)))).toBeUndefined();
  });
});

describe("peResource", () => {
  it("finds the RCDATA resource by name and gives where its bytes are", () => {
    const bytes = pe({ data: Buffer.from("NODE SEA BLOB BYTES") });
    expect(at(bytes, peResource(bytes, "NODE_SEA_BLOB"))).toBe("NODE SEA BLOB BYTES");
  });

  it("finds nothing under another name, another type, or in another format", () => {
    expect(peResource(pe(), "OTHER")).toBeUndefined();
    expect(peResource(pe({ name: "NODE_SEA_BLOB2" }), "NODE_SEA_BLOB")).toBeUndefined();
    expect(peResource(pe({ type: 16 }), "NODE_SEA_BLOB")).toBeUndefined();
    expect(peResource(macho(), "NODE_SEA_BLOB")).toBeUndefined();
  });
});

describe("peSignature and withoutPeSignature", () => {
  it("takes the certificate table off the end and out of the headers, leaving the rest", () => {
    const unsigned = pe();
    const signed = pe({ signature: Buffer.from("CERTIFICATE TABLE") });
    expect(peSignature(signed)).toEqual({ offset: unsigned.length, size: 17 });
    const stripped = withoutPeSignature(signed);
    expect(peSignature(stripped)).toBeUndefined();
    expect(stripped.length).toBe(unsigned.length);
    expect(stripped.readUInt32LE(OPTIONAL + 64)).toBe(0);
    stripped.writeUInt32LE(0xabcdef, OPTIONAL + 64);
    expect(stripped.equals(unsigned)).toBe(true);
  });

  it("leaves an unsigned file as it is, and refuses a signature that is not at the end", () => {
    const unsigned = pe();
    expect(withoutPeSignature(unsigned)).toBe(unsigned);
    const trailing = Buffer.concat([pe({ signature: Buffer.from("CERT") }), Buffer.from("more")]);
    expect(() => withoutPeSignature(trailing)).toThrow(/not at its end/);
  });
});

describe("machoSection", () => {
  it("finds a section by segment and name and gives where its bytes are", () => {
    const bytes = macho({ data: Buffer.from("NODE SEA BLOB BYTES") });
    expect(at(bytes, machoSection(bytes, "NODE_SEA", "__NODE_SEA_BLOB"))).toBe(
      "NODE SEA BLOB BYTES",
    );
  });

  it("finds nothing in another segment, under another name, or in another format", () => {
    expect(machoSection(macho({ segment: "__POSTJECT" }), "NODE_SEA", "__NODE_SEA_BLOB")).toBe(
      undefined,
    );
    expect(machoSection(macho(), "NODE_SEA", "__OTHER")).toBeUndefined();
    expect(machoSection(pe(), "NODE_SEA", "__NODE_SEA_BLOB")).toBeUndefined();
  });
});
