/**
 * Types of `scripts/build.mjs` for TypeScript callers (test/integration/cli/cli-start-imports.test.ts).
 */

/** The parts of esbuild's metafile the callers read: each output file and the sources in it. */
export interface CliMetafile {
  inputs: Record<string, { bytes: number; imports: Array<{ path: string; kind: string; external?: boolean }> }>;
  outputs: Record<string, { bytes: number; inputs: Record<string, { bytesInOutput: number }>; imports: Array<{ path: string; kind: string; external?: boolean }> }>;
}

export const CLI_OUT_DIR: string;
export const CLI_STAMP: string;

export function buildRenderer(): Promise<void>;
/** Bundle the CLI (and engine, workers, programs) into `outDir` (default dist/cli) and write its stamp. */
export function buildCli(options?: { outDir?: string }): Promise<CliMetafile>;
/** Whether dist/cli is present and no source it was built from changed since. */
export function cliBundleIsCurrent(): Promise<boolean>;
export function buildElectron(): Promise<void>;
