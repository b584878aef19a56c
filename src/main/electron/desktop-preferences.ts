/**
 * The shell's own preferences: the background setting and the recent repositories.
 *
 * They belong to the desktop app, not the engine: they decide what the app does with its window
 * and menus, and a headless engine has neither. Kept in electron-store (`desktop-preferences.json`
 * in `userData`); an invalid file becomes defaults (`clearInvalidConfig`), and the recent list is
 * sanitized again on every read because the file can be edited by hand.
 */
import Store, { type Schema } from 'electron-store';
import { sanitizeRecents, type RecentRepository } from './decisions/recent-repositories.ts';

interface Preferences {
  keepAgentsRunning: boolean;
  recentRepositories: RecentRepository[];
}

const schema: Schema<Preferences> = {
  keepAgentsRunning: { type: 'boolean', default: false },
  recentRepositories: { type: 'array', default: [] },
};

export class DesktopPreferences {
  readonly #store = new Store<Preferences>({ name: 'desktop-preferences', schema, clearInvalidConfig: true });

  /** "Keep agents running when the window closes". Off by default: closing quits, as users expect. */
  get keepAgentsRunning(): boolean {
    return this.#store.get('keepAgentsRunning');
  }

  set keepAgentsRunning(value: boolean) {
    this.#store.set('keepAgentsRunning', value);
  }

  get recents(): RecentRepository[] {
    return sanitizeRecents(this.#store.get('recentRepositories'));
  }

  set recents(value: readonly RecentRepository[]) {
    this.#store.set('recentRepositories', [...value]);
  }
}
