/**
 * The app's version, from package.json (one source of truth for the CLI, the engine and the UI).
 */
import pkg from '../../../package.json' with { type: 'json' };

export const APP_VERSION: string = pkg.version;
