// Draws images/icon.png (128×128): a white shield with a blocked port on blue. No image library needed.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const N = 128;
const px = Buffer.alloc(N * N * 4);

function inShield(x, y) {
  const cx = 64;
  if (y < 22 || y > 110) return false;
  const half = y < 70 ? 38 : 38 * Math.sqrt(Math.max(0, 1 - ((y - 70) / 40) ** 2));
  return Math.abs(x - cx) <= half;
}

for (let y = 0; y < N; y++) {
  for (let x = 0; x < N; x++) {
    const i = (y * N + x) * 4;
    const r = 20; // rounded corners of the tile
    const dx = Math.max(r - x, x - (N - 1 - r), 0);
    const dy = Math.max(r - y, y - (N - 1 - r), 0);
    if (dx * dx + dy * dy > r * r) continue; // transparent outside the tile
    let c = [36, 92, 180];
    if (inShield(x, y)) c = [255, 255, 255];
    const d = Math.hypot(x - 64, y - 60);
    if (d < 16 && inShield(x, y)) c = [36, 92, 180]; // the port
    if (d < 16 && Math.abs(x - 64 - (y - 60)) < 3.5) c = [220, 50, 47]; // crossed out
    px[i] = c[0];
    px[i + 1] = c[1];
    px[i + 2] = c[2];
    px[i + 3] = 255;
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
  const td = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(N, 0);
ihdr.writeUInt32BE(N, 4);
ihdr[8] = 8; // bit depth
ihdr[9] = 6; // RGBA
const raw = Buffer.alloc(N * (N * 4 + 1));
for (let y = 0; y < N; y++) px.copy(raw, y * (N * 4 + 1) + 1, y * N * 4, (y + 1) * N * 4);
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', deflateSync(raw)),
  chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync(new URL('../images/icon.png', import.meta.url), png);
