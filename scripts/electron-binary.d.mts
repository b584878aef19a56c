/**
 * Types of `scripts/electron-binary.mjs` for TypeScript callers (the Playwright Electron suite).
 */

/** Where to look: the folder `electron` is resolved from, and the environment to read. */
export interface ElectronBinaryOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

/** A lookup result: the runnable executable, or null and why. */
export interface ElectronBinaryProbe {
  path: string | null;
  reason: string;
  version?: string;
}

/** Look for a runnable Electron binary and say why when there is none. Never downloads. */
export function probeElectronBinary(options?: ElectronBinaryOptions): Promise<ElectronBinaryProbe>;

/** The path of a runnable Electron executable, or null. Never downloads. */
export function findElectronBinary(options?: ElectronBinaryOptions): Promise<string | null>;

/** Why there is no usable Electron binary, in one line; null when there is one. */
export function electronUnavailableReason(options?: ElectronBinaryOptions): Promise<string | null>;
