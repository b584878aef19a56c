import { describe, expect, it } from 'vitest';
import { toastLifetime } from '../../../src/renderer/feedback/toast-lifetime.ts';

describe('toast lifetime', () => {
  const statuses = new Map([
    ['waiting', 'needs-input'],
    ['answered', 'working'],
  ]);
  const status = (id: string): string | undefined => statuses.get(id);

  it('keeps a "needs input" notice while its agent still waits, and times it out once answered', () => {
    expect(toastLifetime({ tone: 'attention', sessionId: 'waiting' }, status)).toBeNull();
    expect(toastLifetime({ tone: 'attention', sessionId: 'answered' }, status)).toBe(12_000);
    // Its agent is gone (closed pane): nothing to wait for.
    expect(toastLifetime({ tone: 'attention', sessionId: 'gone' }, status)).toBe(12_000);
  });

  it('times out every other toast, errors after the others', () => {
    expect(toastLifetime({ tone: 'info', sessionId: 'waiting' }, status)).toBe(5_000);
    expect(toastLifetime({ tone: 'error', sessionId: undefined }, status)).toBe(9_000);
    expect(toastLifetime({ tone: 'attention', sessionId: undefined }, status)).toBe(12_000);
  });
});
