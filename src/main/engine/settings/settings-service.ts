/**
 * The user's engine settings, in `<home>/settings.json` (versioned, written atomically).
 *
 * Loading never fails the engine: a missing file gives the defaults, a damaged one is moved
 * aside by {@link JsonStore}, and a file written by an older version that lacks newer fields is
 * completed with their defaults (each section is merged over {@link DEFAULT_SETTINGS}).
 */
import path from 'node:path';
import * as z from 'zod';
import {
  DEFAULT_SETTINGS,
  SettingsSchema,
  type Settings,
  type SettingsPatch,
} from '../../../shared/protocol/settings.ts';
import { err, ok, type Result } from '../../../shared/result.ts';
import { EventBus } from '../events/index.ts';
import { JsonStore } from '../state/index.ts';

/** Bump with a migration in the store when the shape changes incompatibly. */
export const SETTINGS_VERSION = 1;

/**
 * Accept any object and complete it with defaults, so a file missing a section (or a field
 * added later) still loads; invalid values fail the parse and the file is moved aside.
 */
const StoredSettingsSchema = z
  .object({
    notifications: z.record(z.string(), z.unknown()).optional(),
    agents: z.record(z.string(), z.unknown()).optional(),
    usage: z.record(z.string(), z.unknown()).optional(),
  })
  .transform((stored) =>
    SettingsSchema.parse({
      notifications: { ...DEFAULT_SETTINGS.notifications, ...(stored.notifications ?? {}) },
      agents: { ...DEFAULT_SETTINGS.agents, ...(stored.agents ?? {}) },
      usage: { ...DEFAULT_SETTINGS.usage, ...(stored.usage ?? {}) },
    }),
  ) as unknown as z.ZodType<Settings>;

/** Settings: read once at startup, changed through {@link SettingsService.update}. */
export class SettingsService {
  private settings: Settings = structuredClone(DEFAULT_SETTINGS);
  private readonly store: JsonStore<Settings>;
  private readonly changes = new EventBus<Settings>();
  private writes: Promise<unknown> = Promise.resolve();

  constructor(options: { home: string }) {
    this.store = new JsonStore<Settings>({
      file: path.join(options.home, 'settings.json'),
      version: SETTINGS_VERSION,
      schema: StoredSettingsSchema,
      defaults: () => structuredClone(DEFAULT_SETTINGS),
    });
  }

  async load(): Promise<void> {
    this.settings = await this.store.load();
  }

  /** The current settings (a copy: callers cannot change them behind the service's back). */
  get(): Settings {
    return structuredClone(this.settings);
  }

  /** Apply a patch, save, and tell subscribers. Invalid combinations are INVALID_INPUT. */
  async update(patch: SettingsPatch): Promise<Result<Settings>> {
    const next = applyPatch(this.settings, patch);
    const parsed = SettingsSchema.safeParse(next);
    if (!parsed.success) return err({ kind: 'INVALID_INPUT', message: parsed.error.issues[0]?.message ?? 'invalid settings' });
    this.settings = parsed.data;
    const saving = this.store.save(parsed.data);
    this.writes = saving.catch(() => undefined);
    await saving;
    this.changes.emit(this.get());
    return ok(this.get());
  }

  onDidChange(listener: (settings: Settings) => void): () => void {
    return this.changes.on(listener);
  }

  /** Resolves once every write so far is on disk. */
  async flush(): Promise<void> {
    await this.writes;
  }
}

/** Merge a patch section by section; `agents.custom` replaces the whole map. */
export function applyPatch(current: Settings, patch: SettingsPatch): Settings {
  return {
    notifications: { ...current.notifications, ...stripUndefined(patch.notifications ?? {}) },
    agents: { ...current.agents, ...stripUndefined(patch.agents ?? {}) },
    usage: normaliseUsage({ ...current.usage, ...stripUndefined(patch.usage ?? {}) }),
  };
}

/** Thresholds ascending and unique, so "80, 95, 80" and "95, 80" are the same setting. */
function normaliseUsage(usage: Settings['usage']): Settings['usage'] {
  return { ...usage, warnThresholds: [...new Set(usage.warnThresholds)].sort((a, b) => a - b) };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
