/**
 * Finding the user's own Claude Code status line (read-only), in Claude Code's precedence.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findUserStatusLine } from '../../../src/main/engine/agents/hooks/claude-user-statusline.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';

function settings(dir: string, name: string, value: unknown): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, name), typeof value === 'string' ? value : JSON.stringify(value));
}

describe('findUserStatusLine', () => {
  it('prefers the project local settings, then the project, then the user', async () => {
    const cwd = makeTempDir('ao-project-');
    const config = makeTempDir('ao-claude-');
    const env = { CLAUDE_CONFIG_DIR: config };
    expect(await findUserStatusLine(cwd, env)).toBeNull();
    settings(config, 'settings.json', { statusLine: { type: 'command', command: '~/.claude/statusline.sh' } });
    expect(await findUserStatusLine(cwd, env)).toBe('~/.claude/statusline.sh');
    settings(path.join(cwd, '.claude'), 'settings.json', { statusLine: { type: 'command', command: 'project-line' } });
    expect(await findUserStatusLine(cwd, env)).toBe('project-line');
    settings(path.join(cwd, '.claude'), 'settings.local.json', { statusLine: { type: 'command', command: 'local-line' } });
    expect(await findUserStatusLine(cwd, env)).toBe('local-line');
  });

  it('skips broken files and entries that are not commands', async () => {
    const cwd = makeTempDir('ao-project-');
    const config = makeTempDir('ao-claude-');
    settings(path.join(cwd, '.claude'), 'settings.local.json', '{ not json');
    settings(path.join(cwd, '.claude'), 'settings.json', { statusLine: { type: 'static', text: 'x' } });
    settings(config, 'settings.json', { statusLine: { type: 'command', command: 'user-line' } });
    expect(await findUserStatusLine(cwd, { CLAUDE_CONFIG_DIR: `${config},/other` })).toBe('user-line');
  });
});
