/**
 * Icon containers and the committed icons: every platform size present, each image the size its
 * container says (a broken .ico or .icns only shows up on the user's taskbar otherwise).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ICNS_TYPES, encodeIcns, encodeIco, pngSize, readIcns, readIco } from '../../../scripts/icons/containers.mjs';

const icons = fileURLToPath(new URL('../../../assets/icons/', import.meta.url));
const png = (size: number): Buffer => readFileSync(`${icons}png/${size}x${size}.png`);

describe('icon containers', () => {
  it('writes an ICO whose entries point at the PNGs, 256 px stored as 0', () => {
    const ico = encodeIco([png(16), png(256)]);
    expect(readIco(ico)).toEqual([16, 256]);
    expect(ico.readUInt8(6 + 16)).toBe(0);
    expect(() => encodeIco([png(512)])).toThrow(/at most 256/);
  });

  it('writes an ICNS with one PNG element per type, lengths included', () => {
    const icns = encodeIcns(new Map(ICNS_TYPES.map(({ pixels }) => [pixels, png(pixels)])));
    expect(readIcns(icns).map((element) => `${element.type}:${element.width}`)).toEqual(ICNS_TYPES.map(({ type, pixels }) => `${type}:${pixels}`));
    expect(() => encodeIcns(new Map([[16, png(16)]]))).toThrow(/needs a 32px image/);
  });

  it('refuses what is not a PNG', () => {
    expect(() => pngSize(Buffer.from('GIF89a not a png at all....'))).toThrow(/not a PNG/);
  });
});

describe('the committed icons (npm run icons)', () => {
  it('has every Linux size, a Windows .ico up to 256 and a macOS .icns up to 1024', () => {
    for (const size of [16, 24, 32, 48, 64, 128, 256, 512, 1024]) expect(pngSize(png(size))).toEqual({ width: size, height: size });
    expect(readIco(readFileSync(`${icons}icon.ico`))).toEqual([16, 24, 32, 48, 64, 128, 256]);
    expect(readIcns(readFileSync(`${icons}icon.icns`)).map((element) => element.width)).toEqual(ICNS_TYPES.map(({ pixels }) => pixels));
    const runtime = readFileSync(fileURLToPath(new URL('../../../assets/icon.png', import.meta.url)));
    expect(pngSize(runtime)).toEqual({ width: 512, height: 512 });
  });
});
