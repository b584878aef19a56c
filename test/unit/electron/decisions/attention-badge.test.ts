import { describe, expect, it } from 'vitest';
import {
  badgeAction,
  badgeBitmap,
  badgeText,
  needsInputCount,
  shouldRequestAttention,
} from '../../../../src/main/electron/decisions/attention-badge.ts';
import { agentSession } from '../../agents/agent-samples.ts';

function pixel(bitmap: { width: number; data: Uint8Array }, x: number, y: number): number[] {
  const offset = (y * bitmap.width + x) * 4;
  return [...bitmap.data.slice(offset, offset + 4)];
}

describe('attention badge', () => {
  it('counts the agents that need input', () => {
    const agents = [
      agentSession('a', { status: 'needs-input' }),
      agentSession('b', { status: 'working' }),
      agentSession('c', { status: 'needs-input' }),
      agentSession('d', { status: 'exited' }),
    ];
    expect(needsInputCount(agents)).toBe(2);
  });

  it('uses the badge count on macOS and Linux, an overlay with a description on Windows', () => {
    expect(badgeAction(2, 'darwin')).toEqual({ kind: 'badge-count', count: 2 });
    expect(badgeAction(3, 'linux')).toEqual({ kind: 'badge-count', count: 3 });
    expect(badgeAction(1, 'win32')).toEqual({ kind: 'overlay', count: 1, text: '1', description: '1 agent needs input' });
    expect(badgeAction(12, 'win32')).toMatchObject({ text: '9+', description: '12 agents need input' });
    expect(badgeAction(0, 'win32')).toMatchObject({ count: 0, text: '', description: '' });
    expect(badgeAction(Number.NaN, 'darwin')).toEqual({ kind: 'badge-count', count: 0 });
    expect(badgeText(-1)).toBe('');
  });

  it('asks for attention once when the count grows while the user is elsewhere', () => {
    expect(shouldRequestAttention(0, 1, false)).toBe(true);
    expect(shouldRequestAttention(0, 1, true)).toBe(false);
    expect(shouldRequestAttention(2, 1, false)).toBe(false);
    expect(shouldRequestAttention(1, 1, false)).toBe(false);
  });

  it('draws a red disc with the count in white, transparent corners, premultiplied BGRA', () => {
    const one = badgeBitmap(1, 32);
    expect(one).not.toBeNull();
    if (one === null) return;
    expect(one.data).toHaveLength(32 * 32 * 4);
    expect(pixel(one, 0, 0)).toEqual([0, 0, 0, 0]);
    // Left of the glyph, inside the disc: badge red (#d93025 as B, G, R), opaque.
    expect(pixel(one, 4, 16)).toEqual([0x25, 0x30, 0xd9, 255]);
    // The stem of the "1" runs through the middle column.
    const ink = [...Array(32).keys()].filter((y) => pixel(one, 16, y)[0] === 255 && pixel(one, 16, y)[3] === 255);
    expect(ink.length).toBeGreaterThan(10);
    // Every pixel is premultiplied: no channel above its alpha.
    for (let i = 0; i < one.data.length; i += 4) {
      expect(Math.max(one.data[i]!, one.data[i + 1]!, one.data[i + 2]!)).toBeLessThanOrEqual(one.data[i + 3]!);
    }
    expect(badgeBitmap(7, 32)?.data).not.toEqual(one.data);
    expect(badgeBitmap(12, 32)?.data).toEqual(badgeBitmap(99, 32)?.data);
    expect(badgeBitmap(0, 32)).toBeNull();
    expect(badgeBitmap(1, 3)).toBeNull();
  });
});
