/**
 * The engine's light public entry: where its data lives and whether an engine serves it.
 *
 * Other layers import the engine only through this file and `index.ts` (the composition root).
 * This one pulls in no service, so a CLI command that talks to a running engine starts without
 * loading the engine's code.
 */
export { APP_VERSION } from './version.ts';
export { defaultHome } from './paths.ts';
export { findRunningEngine, processAlive, readEngineFile, type EngineRecord } from './instance/index.ts';
