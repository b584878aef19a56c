/**
 * The app's version, from package.json (one source of truth for the CLI, the engine and the UI).
 * A public entry of the engine of its own (beside index.ts and discovery.ts): `--version` imports
 * this file alone, so it answers without loading zod, the lock library or any service.
 */
import pkg from '../../../package.json' with { type: 'json' };

export const APP_VERSION: string = pkg.version;
