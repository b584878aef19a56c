/**
 * Where the engine keeps its data.
 *
 * `AGENT_ORCHESTRATOR_HOME` wins (tests point it at a temp dir); otherwise the platform's
 * app-data folder, the same place Electron's `app.getPath('userData')` would pick.
 */
import os from 'node:os';
import path from 'node:path';

export const APP_DIR_NAME = 'agent-orchestrator';

export function defaultHome(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  homedir: string = os.homedir(),
): string {
  const override = env.AGENT_ORCHESTRATOR_HOME;
  if (override && override.trim() !== '') return path.resolve(override);
  switch (platform) {
    case 'darwin':
      return path.join(homedir, 'Library', 'Application Support', APP_DIR_NAME);
    case 'win32':
      return path.join(env.APPDATA ?? path.join(homedir, 'AppData', 'Roaming'), APP_DIR_NAME);
    default:
      return path.join(env.XDG_CONFIG_HOME ?? path.join(homedir, '.config'), APP_DIR_NAME);
  }
}
