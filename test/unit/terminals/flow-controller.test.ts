import { describe, expect, it } from 'vitest';
import { FlowController } from '../../../src/main/engine/terminals/flow-controller.ts';

function controller(): { flow: FlowController; events: string[] } {
  const events: string[] = [];
  const flow = new FlowController({ high: 100, low: 10, onPause: () => events.push('pause'), onResume: () => events.push('resume') });
  return { flow, events };
}

describe('FlowController', () => {
  it('pauses when one reader passes the high watermark and resumes below the low one', () => {
    const { flow, events } = controller();
    flow.track('a');
    flow.sent('a', 100);
    expect(events).toEqual([]);
    flow.sent('a', 1);
    expect(events).toEqual(['pause']);
    expect(flow.paused).toBe(true);
    flow.sent('a', 50);
    expect(events).toEqual(['pause']);
    flow.acked('a', 141);
    expect(events).toEqual(['pause']);
    flow.acked('a', 1);
    expect(events).toEqual(['pause', 'resume']);
    expect(flow.paused).toBe(false);
  });

  it('waits for every reader before resuming', () => {
    const { flow, events } = controller();
    flow.track('fast');
    flow.track('slow');
    flow.sent('fast', 200);
    flow.sent('slow', 200);
    flow.acked('fast', 200);
    expect(events).toEqual(['pause']);
    flow.acked('slow', 195);
    expect(events).toEqual(['pause', 'resume']);
  });

  it('clamps the count at zero and ignores nonsense acks', () => {
    const { flow } = controller();
    flow.track('a');
    flow.sent('a', 5);
    flow.acked('a', 50);
    expect(flow.pending('a')).toBe(0);
    flow.acked('a', -10);
    flow.acked('a', Number.NaN);
    expect(flow.pending('a')).toBe(0);
    flow.sent('a', 101);
    expect(flow.paused).toBe(true);
  });

  it('forgets a detached reader, which may resume the PTY', () => {
    const { flow, events } = controller();
    flow.track('a');
    flow.track('gone');
    flow.sent('gone', 500);
    expect(events).toEqual(['pause']);
    flow.forget('gone');
    expect(events).toEqual(['pause', 'resume']);
    expect(flow.pending('gone')).toBe(0);
    flow.sent('gone', 500);
    expect(events).toEqual(['pause', 'resume']);
  });

  it('restarts a re-tracked reader from zero', () => {
    const { flow } = controller();
    flow.track('a');
    flow.sent('a', 50);
    flow.track('a');
    expect(flow.pending('a')).toBe(0);
  });
});
