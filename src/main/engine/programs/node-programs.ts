/**
 * Small Node programs the engine starts as separate processes: the status-hook helper agents
 * run (`agents/hooks/ao-hook.ts`) and the setup-log follower a bootstrap pane runs
 * (`bootstrap/follow-log.ts`).
 *
 * They are ordinary TypeScript entry points, type-checked and linted with the rest. A build
 * (`npm run build`) bundles each beside the CLI bundle (`dist/cli/<name>.mjs`), which is what the
 * desktop package runs; from a source checkout (development, tests) they run through tsx.
 */
import { access } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

export type ProgramName = 'ao-hook' | 'follow-log';

/** Each program's TypeScript entry, relative to this file in the source tree. */
const SOURCES: Record<ProgramName, string> = {
  'ao-hook': '../agents/hooks/ao-hook.ts',
  'follow-log': '../bootstrap/follow-log.ts',
};

/**
 * The Node arguments that run `name` (before its own arguments): the bundled script when this
 * is a build, else the TypeScript entry with tsx's loader.
 */
export async function programArgs(name: ProgramName): Promise<string[]> {
  // In the bundle, import.meta.url is dist/cli/index.mjs: the programs sit beside it.
  const bundled = fileURLToPath(new URL(`./${name}.mjs`, import.meta.url));
  if (await exists(bundled)) return [bundled];
  const source = fileURLToPath(new URL(SOURCES[name], import.meta.url));
  if (!(await exists(source))) throw new Error(`the ${name} program is missing (neither ${bundled} nor ${source} exists)`);
  // An absolute URL: the program's working folder is a worktree, where `tsx` does not resolve.
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return ['--import', tsx, source];
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}
