/**
 * Quota settings in the sidebar: warning thresholds and automatic "continue" after a reset
 * (stored in the engine's settings, so the desktop shell and every window agree).
 */
import { useId, useState } from 'react';
import { MAX_QUOTA_THRESHOLDS, type SettingsPatch } from '../../shared/protocol/index.ts';
import { useAppStore, useServices, type AppServices } from '../app/services.ts';
import { callEngine } from '../engine/call-engine.ts';
import { errorMessage } from '../errors/messages.ts';
import { Checkbox } from '../ui/Checkbox.tsx';
import { Disclosure } from '../ui/Disclosure.tsx';

/** "80, 95" → [80, 95]; null when it is not a list of whole percentages. */
export function parseThresholds(text: string): number[] | null {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  if (parts.length > MAX_QUOTA_THRESHOLDS) return null;
  const values = parts.map(Number);
  return values.every((v) => Number.isInteger(v) && v >= 1 && v <= 100) ? values : null;
}

/** What is wrong with a thresholds entry, in words, or null when it parses. */
export function thresholdsProblem(text: string): string | null {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  if (parts.length > MAX_QUOTA_THRESHOLDS) return `At most ${MAX_QUOTA_THRESHOLDS} levels, e.g. 80, 95.`;
  const bad = parts.find((part) => {
    const value = Number(part);
    return !(Number.isInteger(value) && value >= 1 && value <= 100);
  });
  return bad === undefined ? null : `"${bad.slice(0, 20)}" is not a whole percentage from 1 to 100 (e.g. 80, 95).`;
}

async function update(services: AppServices, usage: NonNullable<SettingsPatch['usage']>): Promise<void> {
  const result = await callEngine(services.engine, (client) => client.settings.update({ usage }));
  if (!result.ok) services.store.getState().pushToast('error', errorMessage(result.error));
}

export function UsageSettings() {
  const services = useServices();
  const usage = useAppStore((state) => state.settings?.usage);
  if (!usage) return null;
  return (
    <Disclosure className="notification-settings usage-settings" testId="usage-settings" summary="Quota">
      <ThresholdsField key={usage.warnThresholds.join(',')} initial={usage.warnThresholds} onSave={(warnThresholds) => void update(services, { warnThresholds })} />
      <Checkbox checked={usage.autoContinue} onCheckedChange={(autoContinue) => void update(services, { autoContinue })}>
        Continue stalled agents after the reset
      </Checkbox>
      <label className="field">
        <span className="field__label">Text sent</span>
        <input
          key={usage.continueText}
          className="input"
          aria-label="Text sent to continue"
          defaultValue={usage.continueText}
          disabled={!usage.autoContinue}
          onBlur={(event) => {
            const text = event.target.value.trim();
            if (text && text !== usage.continueText) void update(services, { continueText: text });
          }}
        />
      </label>
    </Disclosure>
  );
}

function ThresholdsField({ initial, onSave }: { initial: readonly number[]; onSave: (values: number[]) => void }) {
  const [text, setText] = useState(initial.join(', '));
  const parsed = parseThresholds(text);
  const problem = thresholdsProblem(text);
  const problemId = useId();
  return (
    <label className="field">
      <span className="field__label">Warn at (% used)</span>
      <input
        className="input"
        aria-label="Warn at percent used"
        aria-invalid={parsed === null}
        aria-describedby={problem ? problemId : undefined}
        value={text}
        onChange={(event) => setText(event.target.value)}
        onBlur={() => {
          if (parsed && parsed.join(',') !== initial.join(',')) onSave(parsed);
        }}
      />
      {problem && (
        <span id={problemId} className="field__error" role="alert" data-testid="thresholds-error">
          {problem}
        </span>
      )}
    </label>
  );
}
