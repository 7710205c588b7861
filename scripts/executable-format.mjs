// What kind of executable a file is (ELF, PE or Mach-O, for x64 or arm64) and where a single
// executable's blob sits in it, read from the headers alone. package-cli.mjs checks that a Node
// fetched for a target is that target's binary before copying it; the tests read a cross-built
// file's SEA blob back from the place Node looks for it on Windows and macOS.

const ELF_MACHINES = { 0x3e: "x64", 0xb7: "arm64" };
const PE_MACHINES = { 0x8664: "x64", 0xaa64: "arm64" };
const MACHO_CPUS = { 0x01000007: "x64", 0x0100000c: "arm64" };
const MACHO_MAGIC_64 = 0xfeedfacf;
const LC_SEGMENT_64 = 0x19;
const RT_RCDATA = 10;

/** `{ format, arch }` of a 64-bit little-endian executable, or undefined for anything else. */
export function executableKind(bytes) {
  if (bytes.length < 64) return undefined;
  if (bytes.readUInt32BE(0) === 0x7f454c46) {
    // ELFCLASS64, little-endian
    if (bytes[4] !== 2 || bytes[5] !== 1) return undefined;
    const arch = ELF_MACHINES[bytes.readUInt16LE(0x12)];
    return arch ? { format: "elf", arch } : undefined;
  }
  if (bytes.toString("latin1", 0, 2) === "MZ") {
    const pe = bytes.readUInt32LE(0x3c);
    if (pe + 24 > bytes.length || bytes.readUInt32BE(pe) !== 0x50450000) return undefined;
    const arch = PE_MACHINES[bytes.readUInt16LE(pe + 4)];
    return arch ? { format: "pe", arch } : undefined;
  }
  if (bytes.readUInt32LE(0) === MACHO_MAGIC_64) {
    const arch = MACHO_CPUS[bytes.readUInt32LE(4)];
    return arch ? { format: "macho", arch } : undefined;
  }
  return undefined;
}

/**
 * Where a PE file's RCDATA resource `name` is (the first language of it), as `{ offset, size }`
 * in the file, or undefined when there is none. Postject stores a Windows SEA blob there.
 */
export function peResource(bytes, name) {
  if (executableKind(bytes)?.format !== "pe") return undefined;
  const pe = bytes.readUInt32LE(0x3c);
  const sections = bytes.readUInt16LE(pe + 6);
  const directory = peDataDirectory(bytes, 2);
  if (directory === undefined) return undefined;
  const resourceRva = bytes.readUInt32LE(directory);
  if (resourceRva === 0) return undefined;
  const table = pe + 24 + bytes.readUInt16LE(pe + 20);
  const toOffset = (rva) => {
    for (let i = 0; i < sections; i++) {
      const s = table + i * 40;
      const va = bytes.readUInt32LE(s + 12);
      const span = Math.max(bytes.readUInt32LE(s + 8), bytes.readUInt32LE(s + 16));
      if (rva >= va && rva < va + span) return rva - va + bytes.readUInt32LE(s + 20);
    }
    return undefined;
  };
  const root = toOffset(resourceRva);
  if (root === undefined) return undefined;
  /** The entries of the directory at `dir` (an offset from the resource root) as [key, value]. */
  const entries = (dir) => {
    const at = root + dir;
    const count = bytes.readUInt16LE(at + 12) + bytes.readUInt16LE(at + 14);
    return Array.from({ length: count }, (_, i) => {
      const nameField = bytes.readUInt32LE(at + 16 + i * 8);
      const value = bytes.readUInt32LE(at + 20 + i * 8);
      let key = nameField;
      if (nameField & 0x80000000) {
        const s = root + (nameField & 0x7fffffff);
        key = bytes.toString("utf16le", s + 2, s + 2 + bytes.readUInt16LE(s) * 2);
      }
      return [key, value];
    });
  };
  const subdirectory = (list, key) => {
    const found = list.find(([k, v]) => k === key && v & 0x80000000);
    return found ? found[1] & 0x7fffffff : undefined;
  };
  const types = entries(0);
  const rcdata = subdirectory(types, RT_RCDATA);
  if (rcdata === undefined) return undefined;
  const named = subdirectory(entries(rcdata), name);
  if (named === undefined) return undefined;
  const language = entries(named)[0];
  if (!language || language[1] & 0x80000000) return undefined;
  const data = root + language[1];
  const offset = toOffset(bytes.readUInt32LE(data));
  return offset === undefined ? undefined : { offset, size: bytes.readUInt32LE(data + 4) };
}

/**
 * Where a 64-bit Mach-O file's section `segment`,`section` is, as `{ offset, size }` in the file,
 * or undefined when there is none. Postject stores a macOS SEA blob in NODE_SEA,__NODE_SEA_BLOB.
 */
export function machoSection(bytes, segment, section) {
  if (executableKind(bytes)?.format !== "macho") return undefined;
  const count = bytes.readUInt32LE(16);
  const fixed = (at) => bytes.toString("latin1", at, at + 16).replace(/\0+$/, "");
  let at = 32;
  for (let i = 0; i < count; i++) {
    const cmd = bytes.readUInt32LE(at);
    if (cmd === LC_SEGMENT_64 && fixed(at + 8) === segment) {
      for (let j = 0; j < bytes.readUInt32LE(at + 64); j++) {
        const s = at + 72 + j * 80;
        if (fixed(s) === section)
          return {
            offset: bytes.readUInt32LE(s + 48),
            size: Number(bytes.readBigUInt64LE(s + 40)),
          };
      }
    }
    at += bytes.readUInt32LE(at + 4);
  }
  return undefined;
}

/** A PE file's Authenticode signature (its certificate table) as `{ offset, size }`, if signed. */
export function peSignature(bytes) {
  const at = peDataDirectory(bytes, 4);
  if (at === undefined) return undefined;
  // The only data directory whose address is a file offset rather than an RVA.
  const offset = bytes.readUInt32LE(at);
  const size = bytes.readUInt32LE(at + 4);
  return offset && size ? { offset, size } : undefined;
}

/**
 * The PE file without its Authenticode signature, as `signtool remove /s` leaves it: the
 * certificate table's entry zeroed and the table cut off the end, where Windows keeps it. Node's
 * official node.exe is signed, an injection would break that signature anyway, and postject's
 * parser warns about it. The header checksum is zeroed too (Windows checks it for drivers only).
 */
export function withoutPeSignature(bytes) {
  const signature = peSignature(bytes);
  if (!signature) return bytes;
  if (signature.offset + signature.size !== bytes.length)
    throw new Error("The PE file's signature is not at its end; it cannot be taken off safely.");
  const unsigned = Buffer.from(bytes.subarray(0, signature.offset));
  const entry = peDataDirectory(unsigned, 4);
  unsigned.writeUInt32LE(0, entry);
  unsigned.writeUInt32LE(0, entry + 4);
  unsigned.writeUInt32LE(0, bytes.readUInt32LE(0x3c) + 24 + 64);
  return unsigned;
}

/**
 * The file offset of a PE32+ file's data directory entry `index` (2: resources, 4: certificates),
 * if the file has one. PE32+'s directories start 112 bytes into its optional header.
 */
function peDataDirectory(bytes, index) {
  if (executableKind(bytes)?.format !== "pe") return undefined;
  const optional = bytes.readUInt32LE(0x3c) + 24;
  if (bytes.readUInt16LE(optional) !== 0x20b) return undefined;
  if (index >= bytes.readUInt32LE(optional + 108)) return undefined;
  return optional + 112 + index * 8;
}
