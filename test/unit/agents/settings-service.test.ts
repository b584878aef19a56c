/**
 * The engine's settings file: defaults, patches, persistence, repair.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyPatch, SettingsService } from '../../../src/main/engine/settings/settings-service.ts';
import { DEFAULT_SETTINGS, type Settings } from '../../../src/shared/protocol/settings.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';

async function fresh(home = makeTempDir('ao-settings-')): Promise<{ home: string; settings: SettingsService }> {
  const settings = new SettingsService({ home });
  await settings.load();
  return { home, settings };
}

describe('SettingsService', () => {
  it('starts with the defaults: every notification on, hooks on, resume on', async () => {
    const { settings } = await fresh();
    expect(settings.get()).toEqual(DEFAULT_SETTINGS);
  });

  it('applies a patch, saves it versioned, tells subscribers, and reads it back', async () => {
    const { home, settings } = await fresh();
    const seen: Settings[] = [];
    settings.onDidChange((next) => seen.push(next));
    const result = await settings.update({ notifications: { finished: false }, agents: { quiescenceMs: 3000 } });
    expect(result.ok).toBe(true);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.notifications).toEqual({ ...DEFAULT_SETTINGS.notifications, finished: false });
    const file = JSON.parse(await readFile(path.join(home, 'settings.json'), 'utf8')) as { version: number; data: Settings };
    expect(file.version).toBe(1);
    expect(file.data.agents.quiescenceMs).toBe(3000);
    const again = await fresh(home);
    expect(again.settings.get().notifications.finished).toBe(false);
    expect(again.settings.get().agents.quiescenceMs).toBe(3000);
  });

  it('replaces the custom agents as a whole', () => {
    const withTwo = applyPatch(DEFAULT_SETTINGS, { agents: { custom: { a: { command: 'a' }, b: { command: 'b' } } } });
    expect(Object.keys(applyPatch(withTwo, { agents: { custom: { c: { command: 'c' } } } }).agents.custom)).toEqual(['c']);
    expect(Object.keys(applyPatch(withTwo, { notifications: { 'needs-input': false } }).agents.custom)).toEqual(['a', 'b']);
  });

  it('completes a file written before a field existed with its default', async () => {
    const home = makeTempDir('ao-settings-');
    await writeFile(path.join(home, 'settings.json'), JSON.stringify({ version: 1, data: { notifications: { finished: false } } }));
    const { settings } = await fresh(home);
    expect(settings.get()).toEqual({ ...DEFAULT_SETTINGS, notifications: { ...DEFAULT_SETTINGS.notifications, finished: false } });
  });

  it('moves a damaged file aside and starts from the defaults', async () => {
    const home = makeTempDir('ao-settings-');
    await writeFile(path.join(home, 'settings.json'), JSON.stringify({ version: 1, data: { agents: { quiescenceMs: 'fast' } } }));
    const { settings } = await fresh(home);
    expect(settings.get()).toEqual(DEFAULT_SETTINGS);
  });
});
