/**
 * Is an engine serving this data folder, and where?
 *
 * `engine.json` alone is not proof: a crashed engine leaves it behind. The record counts only
 * while its process is alive and the folder's lock is held; otherwise it is stale and removed
 * (when the lock is free, so a starting engine's fresh file is never deleted by mistake).
 */
import { engineLockHeld } from './engine-lock.ts';
import { processAlive, readEngineFile, removeEngineFile, type EngineRecord } from './engine-file.ts';

export async function findRunningEngine(home: string): Promise<EngineRecord | null> {
  const record = await readEngineFile(home);
  if (!record) return null;
  const locked = await engineLockHeld(home);
  if (locked && processAlive(record.pid)) return record;
  if (!locked) await removeEngineFile(home, record.pid).catch(() => undefined);
  return null;
}
