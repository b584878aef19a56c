/**
 * AutoContinueService: types the configured text when a decision says "send", once; waits for
 * "wait" decisions; does nothing while switched off.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AutoContinueService, type ResumeSource } from '../../../src/main/engine/usage/auto-continue-service.ts';
import type { ResumeDecision, ResumeSettings } from '../../../src/main/engine/usage/quota/resume-decision.ts';
import { ok } from '../../../src/shared/result.ts';

const ON: ResumeSettings = { enabled: true, continueText: 'go on', delayMs: 60_000 };
let services: AutoContinueService[] = [];
afterEach(() => {
  for (const s of services) s.dispose();
  services = [];
});

class FakeSource implements ResumeSource {
  decisions: ResumeDecision[] = [];
  resumed: string[] = [];
  seen: ResumeSettings[] = [];
  private listener: (() => void) | null = null;
  resumeDecisions(settings: ResumeSettings) {
    this.seen.push(settings);
    // Once marked, the real service answers "already sent".
    return this.decisions.map((decision) => ({ decision: decision.action === 'send' && this.resumed.includes(decision.terminalSessionId) ? ({ action: 'none', reason: 'already-sent' } as const) : decision }));
  }
  markResumed(id: string): void {
    this.resumed.push(id);
  }
  onDidChange(listener: () => void): () => void {
    this.listener = listener;
    return () => (this.listener = null);
  }
  change(): void {
    this.listener?.();
  }
}

function make(source: FakeSource, settings: () => ResumeSettings) {
  const typed: [string, string][] = [];
  const service = new AutoContinueService({ usage: source, input: (id, data) => (typed.push([id, data]), ok(null)), settings, now: () => 1_000 });
  services.push(service);
  service.start();
  return { service, typed };
}

describe('AutoContinueService', () => {
  it('types the text with Enter once per stall', () => {
    const source = new FakeSource();
    const { typed } = make(source, () => ON);
    source.decisions = [{ action: 'send', text: 'go on', terminalSessionId: 't1' }];
    source.change();
    source.change();
    expect(typed).toEqual([['t1', 'go on\r']]);
    expect(source.resumed).toEqual(['t1']);
    expect(source.seen.at(-1)).toEqual(ON);
  });

  it('does nothing while switched off, and checks again when asked', () => {
    const source = new FakeSource();
    let settings: ResumeSettings = { ...ON, enabled: false };
    const { service, typed } = make(source, () => settings);
    source.decisions = [{ action: 'send', text: 'go on', terminalSessionId: 't1' }];
    source.change();
    expect(typed).toEqual([]);
    expect(source.seen).toEqual([]);
    settings = ON;
    service.check();
    expect(typed).toEqual([['t1', 'go on\r']]);
  });

  it('waits for a reset by timer, to the millisecond', () => {
    // The clock is injected (now = 1 000) and the timer is a fake one: no real waiting.
    vi.useFakeTimers();
    try {
      const source = new FakeSource();
      const { typed } = make(source, () => ON);
      source.decisions = [{ action: 'wait', until: 1_020 }];
      source.change();
      source.decisions = [{ action: 'send', text: 'go on', terminalSessionId: 't2' }];
      vi.advanceTimersByTime(19);
      expect(typed).toEqual([]);
      vi.advanceTimersByTime(1);
      expect(typed).toEqual([['t2', 'go on\r']]);
    } finally {
      vi.useRealTimers();
    }
  });
});
