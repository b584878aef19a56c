/**
 * The engine instance domain: one serving engine per data folder, and how others find it.
 */
export { acquireEngineLock, engineLockHeld, type LockResult } from './engine-lock.ts';
export {
  EngineRecordSchema,
  engineFileOf,
  processAlive,
  readEngineFile,
  removeEngineFile,
  writeEngineFile,
  type EngineRecord,
} from './engine-file.ts';
export { loadWebIdentity, saveWebPort, type WebIdentity } from './web-identity.ts';
export { findRunningEngine } from './find-running-engine.ts';
