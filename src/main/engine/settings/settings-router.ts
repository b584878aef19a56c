/**
 * The `settings.*` procedures: thin handlers over {@link SettingsService}.
 */
import { implement } from '@orpc/server';
import { settingsContract } from '../../../shared/protocol/settings.ts';
import type { SettingsService } from './settings-service.ts';

export function settingsRouter(settings: SettingsService) {
  const os = implement(settingsContract);
  return os.router({
    get: os.get.handler(() => settings.get()),
    update: os.update.handler(({ input }) => settings.update(input)),
  });
}
