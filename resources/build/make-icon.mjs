// Writes resources/icons/icon.png: a 512x512 app icon (a white village hall on blue),
// drawn pixel by pixel and encoded with zlib, so no image tool is needed.
// Run: node resources/build/make-icon.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const size = 512;
const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../icons/icon.png');

function pixel(x, y) {
  const r = 96; // rounded-square background
  const cx = Math.min(Math.max(x, r), size - 1 - r);
  const cy = Math.min(Math.max(y, r), size - 1 - r);
  if ((x - cx) ** 2 + (y - cy) ** 2 > r * r) return [0, 0, 0, 0];
  const blue = [0x1f, 0x5f, 0xa8, 255];
  const white = [255, 255, 255, 255];
  const gold = [0xf2, 0xb7, 0x05, 255];
  // roof: triangle from (96,236) to (416,236), apex (256,100)
  if (y >= 100 && y < 236 && Math.abs(x - 256) <= ((y - 100) * 160) / 136) return white;
  // walls
  if (y >= 236 && y < 416 && x >= 136 && x < 376) {
    if (y >= 300 && x >= 226 && x < 286) return gold; // door
    if (y >= 262 && y < 312 && ((x >= 160 && x < 206) || (x >= 306 && x < 352))) return blue; // windows
    return white;
  }
  if (y >= 416 && y < 440 && x >= 104 && x < 408) return white; // step
  return blue;
}

const raw = Buffer.alloc((size * 4 + 1) * size);
for (let y = 0; y < size; y++) {
  raw[y * (size * 4 + 1)] = 0; // filter: none
  for (let x = 0; x < size; x++) {
    const p = pixel(x, y);
    for (let c = 0; c < 4; c++) raw[y * (size * 4 + 1) + 1 + x * 4 + c] = p[c];
  }
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(size, 0);
ihdr.writeUInt32BE(size, 4);
ihdr[8] = 8; // bit depth
ihdr[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, png);
console.log(`wrote ${out} (${png.length} bytes)`);
