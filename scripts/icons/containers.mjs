/**
 * Icon containers from PNG images (pure): Windows `.ico` and Apple `.icns`, both of which may
 * simply hold PNG data, so no image library is needed beyond the rasterizer.
 *
 * - ICO: a 6-byte header, one 16-byte directory entry per image (a width/height of 0 means 256),
 *   then the PNG files. Windows Vista and later read PNG entries.
 * - ICNS: `icns` + total length, then one `<type><length><png>` block per image. The PNG types
 *   are fixed by size and scale (Apple's `iconutil` writes the same ones).
 */

/** Width and height from a PNG's IHDR chunk; throws if `png` is not a PNG. */
export function pngSize(png) {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (png.length < 24 || signature.some((byte, i) => png[i] !== byte) || png.toString('latin1', 12, 16) !== 'IHDR') {
    throw new Error('not a PNG file');
  }
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** `.ico` bytes from square PNGs of at most 256 px. */
export function encodeIco(pngs) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // 1 = icon
  header.writeUInt16LE(pngs.length, 4);
  const entries = [];
  let offset = 6 + 16 * pngs.length;
  for (const png of pngs) {
    const { width, height } = pngSize(png);
    if (width !== height || width > 256) throw new Error(`ICO images must be square and at most 256 px, got ${width}x${height}`);
    const entry = Buffer.alloc(16);
    entry.writeUInt8(width === 256 ? 0 : width, 0);
    entry.writeUInt8(height === 256 ? 0 : height, 1);
    entry.writeUInt8(0, 2); // no palette
    entry.writeUInt8(0, 3);
    entry.writeUInt16LE(1, 4); // colour planes
    entry.writeUInt16LE(32, 6); // bits per pixel
    entry.writeUInt32LE(png.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += png.length;
    entries.push(entry);
  }
  return Buffer.concat([header, ...entries, ...pngs]);
}

/** ICNS element types holding PNG data, by pixel size (`@2x` variants share pixel sizes). */
export const ICNS_TYPES = [
  { type: 'icp4', pixels: 16 },
  { type: 'icp5', pixels: 32 },
  { type: 'ic11', pixels: 32 }, // 16@2x
  { type: 'icp6', pixels: 64 },
  { type: 'ic12', pixels: 64 }, // 32@2x
  { type: 'ic07', pixels: 128 },
  { type: 'ic08', pixels: 256 },
  { type: 'ic13', pixels: 256 }, // 128@2x
  { type: 'ic09', pixels: 512 },
  { type: 'ic14', pixels: 512 }, // 256@2x
  { type: 'ic10', pixels: 1024 }, // 512@2x
];

/** `.icns` bytes; `pngBySize` maps a pixel size to its PNG (every size in ICNS_TYPES is needed). */
export function encodeIcns(pngBySize) {
  const blocks = ICNS_TYPES.map(({ type, pixels }) => {
    const png = pngBySize.get(pixels);
    if (!png) throw new Error(`ICNS needs a ${pixels}px image`);
    const { width } = pngSize(png);
    if (width !== pixels) throw new Error(`${type} needs ${pixels}px, got ${width}px`);
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const body = Buffer.concat(blocks);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([head, body]);
}

/** The element types and sizes in an `.icns` file (for checks). */
export function readIcns(icns) {
  if (icns.toString('latin1', 0, 4) !== 'icns' || icns.readUInt32BE(4) !== icns.length) throw new Error('not an ICNS file');
  const elements = [];
  for (let at = 8; at < icns.length; ) {
    const type = icns.toString('latin1', at, at + 4);
    const length = icns.readUInt32BE(at + 4);
    if (length < 8 || at + length > icns.length) throw new Error('truncated ICNS element');
    elements.push({ type, ...pngSize(icns.subarray(at + 8, at + length)) });
    at += length;
  }
  return elements;
}

/** The image sizes in an `.ico` file (for checks). */
export function readIco(ico) {
  if (ico.readUInt16LE(0) !== 0 || ico.readUInt16LE(2) !== 1) throw new Error('not an ICO file');
  const count = ico.readUInt16LE(4);
  const sizes = [];
  for (let i = 0; i < count; i++) {
    const entry = 6 + 16 * i;
    const length = ico.readUInt32LE(entry + 8);
    const offset = ico.readUInt32LE(entry + 12);
    const size = pngSize(ico.subarray(offset, offset + length));
    const declared = ico.readUInt8(entry) || 256;
    if (declared !== size.width) throw new Error(`ICO entry ${i} says ${declared}px, holds ${size.width}px`);
    sizes.push(size.width);
  }
  return sizes;
}
