/**
 * What a restored session shows above its new process.
 */
import headless from '@xterm/headless';
import { describe, expect, it } from 'vitest';
import { restoreBanner, restorePreface } from '../../../src/main/engine/agents/restore/restore-preface.ts';

async function render(text: string, rows = 6) {
  const terminal = new headless.Terminal({ cols: 40, rows, scrollback: 1000, allowProposedApi: true });
  await new Promise<void>((resolve) => terminal.write(text, resolve));
  const buffer = terminal.buffer.active;
  const all: string[] = [];
  for (let i = 0; i < buffer.length; i++) all.push(buffer.getLine(i)?.translateToString(true) ?? '');
  const viewport = all.slice(buffer.viewportY, buffer.viewportY + rows);
  const modes = { mouse: (terminal as unknown as { modes: { mouseTrackingMode: string } }).modes.mouseTrackingMode };
  terminal.dispose();
  return { all, viewport, modes, altScreen: buffer.type === 'alternate' };
}

describe('restorePreface', () => {
  it('keeps the old screen in the scrollback and starts the new one clean under a banner', async () => {
    const old = 'line one\r\nline two\r\n> old prompt';
    const { all, viewport } = await render(restorePreface(old, 6, 'Claude Code resumed') + 'NEW OUTPUT');
    expect(all.slice(0, 3)).toEqual(['line one', 'line two', '> old prompt']);
    expect(viewport[0]).toBe('── Claude Code resumed ──');
    expect(viewport[1]).toBe('NEW OUTPUT');
    expect(viewport.slice(2).every((line) => line === '')).toBe(true);
  });

  it('leaves the alternate screen and mouse reporting the old program had on', async () => {
    const old = '\x1b[?1049h\x1b[?1000hfull-screen app';
    const result = await render(restorePreface(old, 6, 'x'));
    expect(result.altScreen).toBe(false);
    expect(result.modes.mouse).toBe('none');
  });

  it('says how the session came back', () => {
    const when = new Date('2026-09-10T08:15:00Z');
    expect(restoreBanner('resumed', 'Codex CLI', when)).toBe('engine restarted 2026-09-10 08:15 UTC · Codex CLI resumed');
    expect(restoreBanner('shell', 'Aider', when)).toContain('Aider cannot resume; shell in the same worktree');
  });
});
