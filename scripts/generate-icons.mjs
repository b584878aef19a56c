#!/usr/bin/env node
/**
 * Rasterize `assets/icon.svg` into every icon the installers need, under `assets/icons/`:
 * - `png/<n>x<n>.png` for n in 16…1024 (Linux takes the folder: AppImage, deb, the tray);
 * - `icon.ico` (Windows: 16…256) and `icon.icns` (macOS: 16…1024, with @2x types);
 * - `assets/icon.png` (512 px), used by the window and the tray at run time.
 *
 * Rasterizer: @resvg/resvg-js (maintained, resvg's SVG renderer; its prebuilt binary is an npm
 * package per platform, so installing it downloads nothing outside the npm registry). It is not
 * a dependency of the app: the outputs are committed, and this script is run by hand after the
 * SVG changes (`npm run icons`). Containers are written by `scripts/icons/containers.mjs`.
 *
 * Loaded with CommonJS resolution, so `NODE_PATH=<dir>/node_modules` works for a copy installed
 * outside the project (`npm install --prefix <dir> @resvg/resvg-js@2.6.2`).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeIcns, encodeIco, pngSize } from './icons/containers.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];

function loadResvg() {
  const require = createRequire(import.meta.url);
  try {
    return require('@resvg/resvg-js').Resvg;
  } catch {
    console.error(
      'generate-icons: @resvg/resvg-js is not installed.\n' +
        '  npm install --prefix /tmp/resvg @resvg/resvg-js@2.6.2 && NODE_PATH=/tmp/resvg/node_modules npm run icons',
    );
    process.exit(1);
  }
}

const Resvg = loadResvg();
const svg = await readFile(path.join(root, 'assets', 'icon.svg'));
const out = path.join(root, 'assets', 'icons');
await mkdir(path.join(out, 'png'), { recursive: true });

const pngs = new Map();
for (const size of PNG_SIZES) {
  const png = new Resvg(svg, { fitTo: { mode: 'width', value: size }, background: 'rgba(0,0,0,0)' }).render().asPng();
  const { width, height } = pngSize(png);
  if (width !== size || height !== size) throw new Error(`rendered ${width}x${height} for ${size}`);
  pngs.set(size, png);
  await writeFile(path.join(out, 'png', `${size}x${size}.png`), png);
}
await writeFile(path.join(out, 'icon.ico'), encodeIco(ICO_SIZES.map((size) => pngs.get(size))));
await writeFile(path.join(out, 'icon.icns'), encodeIcns(pngs));
await writeFile(path.join(root, 'assets', 'icon.png'), pngs.get(512));
console.log(`generate-icons: ${PNG_SIZES.length} PNGs, icon.ico, icon.icns in ${path.relative(root, out)}/`);
