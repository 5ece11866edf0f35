/**
 * Draws the app's logos as real PNGs (Zendesk wants assets/logo.png 320×320 and
 * assets/logo-small.png 128×128): a blue rounded square with a white thread joining three dots.
 * Run once after changing the design: `tsx scripts/make-logos.ts`; the PNGs are committed.
 */
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** RGBA pixels → PNG bytes (8-bit, colour type 6, no interlace). */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0;
    raw.set(rgba.subarray(y * width * 4, (y + 1) * width * 4), y * (width * 4 + 1) + 1);
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

function distanceToSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** Signed-distance drawing in a 0..1 square, 4×4 supersampled for smooth edges. */
function drawLogo(size: number): Uint8Array {
  const pixels = new Uint8Array(size * size * 4);
  const dots: Array<[number, number]> = [[0.28, 0.66], [0.5, 0.38], [0.72, 0.62]];
  const samples = 4;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let cover = 0;
      let white = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const u = (x + (sx + 0.5) / samples) / size;
          const v = (y + (sy + 0.5) / samples) / size;
          // Rounded square, corner radius 0.2.
          const qx = Math.max(Math.abs(u - 0.5) - 0.3, 0);
          const qy = Math.max(Math.abs(v - 0.5) - 0.3, 0);
          if (Math.hypot(qx, qy) > 0.2) continue;
          cover++;
          const onThread = distanceToSegment(u, v, ...dots[0]!, ...dots[1]!) < 0.035 || distanceToSegment(u, v, ...dots[1]!, ...dots[2]!) < 0.035;
          const onDot = dots.some(([cx, cy]) => Math.hypot(u - cx, v - cy) < 0.085);
          if (onThread || onDot) white++;
        }
      }
      const total = samples * samples;
      const alpha = cover / total;
      const mix = cover ? white / cover : 0;
      const offset = (y * size + x) * 4;
      pixels[offset] = Math.round(29 + (255 - 29) * mix);
      pixels[offset + 1] = Math.round(78 + (255 - 78) * mix);
      pixels[offset + 2] = Math.round(216 + (255 - 216) * mix);
      pixels[offset + 3] = Math.round(255 * alpha);
    }
  }
  return pixels;
}

const assets = new URL('../assets/', import.meta.url);
for (const [name, size] of [['logo.png', 320], ['logo-small.png', 128]] as const) {
  writeFileSync(new URL(name, assets), encodePng(size, size, drawLogo(size)));
  process.stdout.write(`assets/${name} ${size}×${size}\n`);
}
