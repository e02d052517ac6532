// Draws the app and tray icons into resources/ as PNG files: a white envelope
// on a blue rounded square (a dot when the tray needs attention), and black
// template images for the macOS menu bar. electron-builder makes the .ico and
// .icns files from resources/icon.png (1024 x 1024) itself.
// Run with `npm run icons`; the PNG files are committed.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';

type Rgba = [number, number, number, number];
/** A shape: how much of the point (x, y), in 0..1 units of the icon, it covers (0 or 1; edges are smoothed by sampling). */
type Shape = (x: number, y: number) => boolean;
type Layer = { shape: Shape; color: Rgba };

const BLUE: Rgba = [31, 95, 191, 255];
const WHITE: Rgba = [255, 255, 255, 255];
const AMBER: Rgba = [240, 160, 32, 255];
const GREEN: Rgba = [46, 160, 90, 255];
const BLACK: Rgba = [0, 0, 0, 255];

const roundedSquare = (inset: number, radius: number): Shape => (x, y) => {
  const min = inset + radius;
  const max = 1 - inset - radius;
  const dx = Math.max(min - x, 0, x - max);
  const dy = Math.max(min - y, 0, y - max);
  return x >= inset && x <= 1 - inset && y >= inset && y <= 1 - inset && dx * dx + dy * dy <= radius * radius;
};
const rect = (left: number, top: number, right: number, bottom: number): Shape => (x, y) => x >= left && x <= right && y >= top && y <= bottom;
const circle = (cx: number, cy: number, r: number): Shape => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
/** A thick line segment from (ax, ay) to (bx, by). */
const line = (ax: number, ay: number, bx: number, by: number, width: number): Shape => (x, y) => {
  const lengthSquared = (bx - ax) ** 2 + (by - ay) ** 2;
  const t = Math.max(0, Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / lengthSquared));
  return (x - (ax + t * (bx - ax))) ** 2 + (y - (ay + t * (by - ay))) ** 2 <= (width / 2) ** 2;
};
const union = (...shapes: Shape[]): Shape => (x, y) => shapes.some((shape) => shape(x, y));
const minus = (shape: Shape, hole: Shape): Shape => (x, y) => shape(x, y) && !hole(x, y);

/** The envelope: body and flap, in the box left..right, top..bottom. */
function envelope(left: number, top: number, right: number, bottom: number, stroke: number) {
  const middle = (left + right) / 2;
  const fold = top + (bottom - top) * 0.55;
  return {
    body: rect(left, top, right, bottom),
    flap: union(line(left, top, middle, fold, stroke), line(middle, fold, right, top, stroke)),
    outline: minus(rect(left, top, right, bottom), rect(left + stroke, top + stroke, right - stroke, bottom - stroke)),
  };
}

/** Renders layers (last on top) with 4 x 4 samples per pixel. */
function render(size: number, layers: Layer[]): Buffer {
  const pixels = Buffer.alloc(size * size * 4);
  const samples = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = (px + (sx + 0.5) / samples) / size;
          const y = (py + (sy + 0.5) / samples) / size;
          const top = layers.findLast((layer) => layer.shape(x, y));
          if (!top) continue;
          const alpha = top.color[3] / 255;
          r += top.color[0] * alpha;
          g += top.color[1] * alpha;
          b += top.color[2] * alpha;
          a += alpha;
        }
      }
      const offset = (py * size + px) * 4;
      const count = samples * samples;
      pixels[offset] = a ? Math.round(r / a) : 0;
      pixels[offset + 1] = a ? Math.round(g / a) : 0;
      pixels[offset + 2] = a ? Math.round(b / a) : 0;
      pixels[offset + 3] = Math.round((a / count) * 255);
    }
  }
  return pixels;
}

/** A minimal PNG encoder: 8-bit RGBA, no interlace, one IDAT chunk. */
export function encodePng(size: number, rgba: Buffer): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

function appIcon(badge: Rgba | null, tray: boolean): Layer[] {
  const mail = tray ? envelope(0.16, 0.27, 0.84, 0.73, 0.09) : envelope(0.22, 0.31, 0.78, 0.69, 0.05);
  const layers: Layer[] = [
    { shape: roundedSquare(tray ? 0 : 0.06, tray ? 0.2 : 0.2), color: BLUE },
    { shape: mail.body, color: WHITE },
    { shape: mail.flap, color: BLUE },
  ];
  if (badge) layers.push({ shape: circle(0.78, 0.24, tray ? 0.22 : 0.13), color: WHITE }, { shape: circle(0.78, 0.24, tray ? 0.17 : 0.1), color: badge });
  return layers;
}

function templateIcon(attention: boolean): Layer[] {
  const mail = envelope(0.1, 0.25, 0.9, 0.78, 0.09);
  const layers: Layer[] = [{ shape: union(mail.outline, mail.flap), color: BLACK }];
  if (attention) layers.push({ shape: circle(0.82, 0.22, 0.2), color: [0, 0, 0, 0] }, { shape: circle(0.82, 0.22, 0.15), color: BLACK });
  return layers;
}

const resources = fileURLToPath(new URL('../../resources/', import.meta.url));
mkdirSync(`${resources}tray`, { recursive: true });
const write = (name: string, size: number, layers: Layer[]) => writeFileSync(`${resources}${name}`, encodePng(size, render(size, layers)));

write('icon.png', 1024, appIcon(GREEN, false));
for (const [suffix, scale] of [['', 1], ['@2x', 2]] as const) {
  write(`tray/tray${suffix}.png`, 16 * scale, appIcon(null, true));
  write(`tray/tray-attention${suffix}.png`, 16 * scale, appIcon(AMBER, true));
  write(`tray/trayTemplate${suffix}.png`, 16 * scale, templateIcon(false));
  write(`tray/trayAttentionTemplate${suffix}.png`, 16 * scale, templateIcon(true));
}
process.stdout.write(`Icons written to ${resources}\n`);
