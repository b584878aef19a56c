/**
 * Whether the Electron suite can run here, and if not, the one-line reason it is skipped.
 *
 * Never imports `electron` (that would try to download the binary): the lookup is
 * `scripts/electron-binary.mjs`, which also checks that the binary actually starts.
 */
import { probeElectronBinary } from '../../scripts/electron-binary.mjs';

/** The executable to launch, or why the suite is skipped. */
export type ElectronAvailability =
  | { readonly executablePath: string; readonly skipReason: null }
  | { readonly executablePath: string | null; readonly skipReason: string };

/** Probe once per process. */
let cached: Promise<ElectronAvailability> | null = null;

async function probe(): Promise<ElectronAvailability> {
  const binary = await probeElectronBinary();
  if (binary.path === null) return { executablePath: null, skipReason: `no Electron binary: ${binary.reason}` };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return {
      executablePath: binary.path,
      skipReason: `no display for Electron ${binary.version ?? ''}: run the suite under \`xvfb-run -a\``,
    };
  }
  return { executablePath: binary.path, skipReason: null };
}

/** Where Electron is, or why the suite cannot run. */
export function electronAvailability(): Promise<ElectronAvailability> {
  cached ??= probe();
  return cached;
}
