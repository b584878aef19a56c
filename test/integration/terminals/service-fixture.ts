/**
 * A TerminalService on a fresh data directory, disposed after each test.
 */
import { afterEach } from 'vitest';
import { TerminalService } from '../../../src/main/engine/terminals/terminal-service.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';

const open = new Set<TerminalService>();

afterEach(async () => {
  await Promise.all([...open].map((service) => service.dispose()));
  open.clear();
});

/** A service, its data directory and a folder to run sessions in. */
export interface ServiceFixture {
  home: string;
  /** An empty folder to run sessions in. */
  cwd: string;
  service: TerminalService;
}

/** A loaded service on `home` (a new temp dir unless given); disposed after the test. */
export async function openService(home: string = makeTempDir('ao-home-')): Promise<ServiceFixture> {
  const service = new TerminalService({ home });
  await service.load();
  open.add(service);
  return { home, cwd: makeTempDir('ao-cwd-'), service };
}

/** Dispose now (and not again after the test). */
export async function closeService(service: TerminalService): Promise<void> {
  open.delete(service);
  await service.dispose();
}
