/**
 * Locating the built web UI, from the sources (tsx) or from the bundled CLI (dist/cli).
 */
import { access } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export async function findRendererDir(): Promise<string | null> {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [
    path.resolve(here, '../../../dist/renderer'), // src/main/cli → repo root
    path.resolve(here, '../renderer'), // dist/cli → dist/renderer
  ];
  for (const dir of candidates) {
    try {
      await access(path.join(dir, 'index.html'));
      return dir;
    } catch {
      /* try the next one */
    }
  }
  return null;
}
