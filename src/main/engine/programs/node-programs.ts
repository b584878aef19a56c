/**
 * Small Node programs the engine starts as separate processes: the status-hook helper agents
 * run (`agents/hooks/ao-hook.ts`) and the setup-log follower a bootstrap pane runs
 * (`bootstrap/follow-log.ts`).
 *
 * They are ordinary TypeScript entry points, type-checked and linted with the rest. A build
 * (`npm run build`) bundles each beside the CLI bundle (`dist/cli/<name>.mjs`), which is what the
 * desktop package runs. From a source checkout (development, tests) the same esbuild bundles the
 * entry into the data folder once per engine start, so the program starts as plain Node — the
 * hook helper runs on every hook an agent fires, and tsx's loader would add a few hundred
 * milliseconds each time; tsx is the fallback when esbuild is not installed.
 */
import { access, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type * as Esbuild from 'esbuild';

export type ProgramName = 'ao-hook' | 'follow-log';

/** Each program's TypeScript entry, relative to this file in the source tree. */
const SOURCES: Record<ProgramName, string> = {
  'ao-hook': '../agents/hooks/ao-hook.ts',
  'follow-log': '../bootstrap/follow-log.ts',
};

/** Bundles made from sources in this process, by output file. */
const built = new Map<string, Promise<string[]>>();

/**
 * The Node arguments that run `name` (before its own arguments): the build's bundled script, or
 * (from sources) a bundle made into `outDir`, or the TypeScript entry with tsx's loader.
 */
export async function programArgs(name: ProgramName, outDir: string): Promise<string[]> {
  // In the bundle, import.meta.url is dist/cli/index.mjs: the programs sit beside it.
  const bundled = fileURLToPath(new URL(`./${name}.mjs`, import.meta.url));
  if (await exists(bundled)) return [bundled];
  const source = fileURLToPath(new URL(SOURCES[name], import.meta.url));
  if (!(await exists(source))) throw new Error(`the ${name} program is missing (neither ${bundled} nor ${source} exists)`);
  const outfile = path.join(outDir, `${name}.mjs`);
  let args = built.get(outfile);
  if (!args) {
    args = bundleFromSource(source, outfile);
    built.set(outfile, args);
    args.catch(() => built.delete(outfile));
  }
  return args;
}

async function bundleFromSource(source: string, outfile: string): Promise<string[]> {
  let esbuild: typeof Esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    // An absolute URL: the program's working folder is a worktree, where `tsx` does not resolve.
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
    return ['--import', tsx, source];
  }
  await mkdir(path.dirname(outfile), { recursive: true });
  await esbuild.build({ entryPoints: [source], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'silent' });
  return [outfile];
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}
