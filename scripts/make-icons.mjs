// Draws the app and tray icons as PNGs (no image tools needed): a rounded square with a key for
// the app; a key on a coloured dot for the tray's three states. Run after changing the design:
// `node scripts/make-icons.mjs`; the PNGs are committed under build/.
import { mkdirSync, writeFileSync } from "node:fs";
import { deflateSync } from "node:zlib";

function crc32(buffer) {
  let c;
  let crc = 0xffffffff;
  for (const byte of buffer) {
    c = (crc ^ byte) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function png(size, pixel) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = pixel((x + 0.5) / size, (y + 0.5) / size);
      raw.set([r, g, b, a], y * (size * 4 + 1) + 1 + x * 4);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** A key: a ring on the left, a shaft to the right with two teeth. Coordinates 0..1. */
function isKey(x, y) {
  const ring = Math.hypot(x - 0.33, y - 0.5);
  if (ring <= 0.2 && ring >= 0.09) return true;
  if (x >= 0.5 && x <= 0.85 && Math.abs(y - 0.5) <= 0.05) return true;
  if (x >= 0.7 && x <= 0.76 && y >= 0.5 && y <= 0.66) return true;
  if (x >= 0.79 && x <= 0.85 && y >= 0.5 && y <= 0.62) return true;
  return false;
}

function roundedSquare(x, y, radius) {
  const dx = Math.max(radius - x, x - (1 - radius), 0);
  const dy = Math.max(radius - y, y - (1 - radius), 0);
  return Math.hypot(dx, dy) <= radius;
}

const app = (x, y) => {
  if (!roundedSquare(x, y, 0.22)) return [0, 0, 0, 0];
  if (isKey(x, y)) return [255, 255, 255, 255];
  // A vertical gradient from AWS-ish orange to deep blue.
  return [Math.round(255 - 220 * y), Math.round(153 - 80 * y), Math.round(0 + 160 * y), 255];
};

const trayColours = {
  "signed-in": [46, 160, 67],
  expiring: [219, 145, 0],
  "signed-out": [128, 128, 128],
};
const tray = (colour) => (x, y) => {
  if (isKey(x, y * 1.0)) return [0, 0, 0, 255];
  if (Math.hypot(x - 0.8, y - 0.8) <= 0.18) return [...colour, 255];
  return [0, 0, 0, 0];
};

// macOS draws tray icons as templates: only the alpha channel counts, tinted to the menu bar,
// so the states differ in shape there: a plain key when signed in, a key with a solid badge when
// a session is ending, a faint key with a hollow badge when signed out.
const templates = {
  "signed-in": (x, y) => (isKey(x, y) ? [0, 0, 0, 255] : [0, 0, 0, 0]),
  expiring: (x, y) => {
    if (Math.hypot(x - 0.8, y - 0.8) <= 0.2) return [0, 0, 0, 255];
    // A gap around the badge keeps it apart from the key.
    if (Math.hypot(x - 0.8, y - 0.8) <= 0.27) return [0, 0, 0, 0];
    return isKey(x, y) ? [0, 0, 0, 255] : [0, 0, 0, 0];
  },
  "signed-out": (x, y) => {
    const d = Math.hypot(x - 0.8, y - 0.8);
    if (d <= 0.2 && d >= 0.13) return [0, 0, 0, 255];
    if (d <= 0.27) return [0, 0, 0, 0];
    return isKey(x, y) ? [0, 0, 0, 110] : [0, 0, 0, 0];
  },
};

mkdirSync("build/tray", { recursive: true });
for (const [state, pixel] of Object.entries(templates)) {
  writeFileSync(`build/tray/tray-${state}Template.png`, png(22, pixel));
  writeFileSync(`build/tray/tray-${state}Template@2x.png`, png(44, pixel));
}
writeFileSync("build/icon.png", png(512, app));
for (const [state, colour] of Object.entries(trayColours)) {
  writeFileSync(`build/tray/tray-${state}.png`, png(22, tray(colour)));
  writeFileSync(`build/tray/tray-${state}@2x.png`, png(44, tray(colour)));
}
console.log("icons written to build/");
