import { describe, expect, it } from 'vitest';
import { sanitizeEngineEnv } from '../../../../src/main/electron/decisions/engine-env.ts';

describe('sanitizeEngineEnv', () => {
  const parent = {
    PATH: '/usr/bin',
    HOME: '/home/me',
    AGENT_ORCHESTRATOR_HOME: '/tmp/ao',
    ANTHROPIC_API_KEY: 'sk-test',
    ELECTRON_RUN_AS_NODE: '1',
    ELECTRON_ENABLE_LOGGING: '1',
    electron_no_attach_console: '1',
    NODE_OPTIONS: '--require /tmp/evil.js',
    NODE_PATH: '/tmp/modules',
    npm_config_prefix: '/usr/local',
    npm_lifecycle_event: 'start',
    INIT_CWD: '/work/main',
    CHROME_DESKTOP: 'agent-orchestrator.desktop',
    APPIMAGE: '/opt/ao.AppImage',
    UNSET: undefined,
  };

  it('keeps what the user and their agents need', () => {
    const env = sanitizeEngineEnv(parent);
    expect(env).toMatchObject({
      PATH: '/usr/bin',
      HOME: '/home/me',
      AGENT_ORCHESTRATOR_HOME: '/tmp/ao',
      ANTHROPIC_API_KEY: 'sk-test',
    });
  });

  it('drops Electron, Node-injection, npm and launcher variables, in any case', () => {
    const env = sanitizeEngineEnv(parent);
    for (const name of [
      'ELECTRON_RUN_AS_NODE',
      'ELECTRON_ENABLE_LOGGING',
      'electron_no_attach_console',
      'NODE_OPTIONS',
      'NODE_PATH',
      'npm_config_prefix',
      'npm_lifecycle_event',
      'INIT_CWD',
      'CHROME_DESKTOP',
      'APPIMAGE',
      'UNSET',
    ]) {
      expect(env, name).not.toHaveProperty(name);
    }
  });

  it('adds the extra variables last', () => {
    expect(sanitizeEngineEnv(parent, { ELECTRON_RUN_AS_NODE: '1' }).ELECTRON_RUN_AS_NODE).toBe('1');
  });

  it("restores the desktop name Electron overwrote on Linux", () => {
    const env = sanitizeEngineEnv({ XDG_CURRENT_DESKTOP: 'Unity', ORIGINAL_XDG_CURRENT_DESKTOP: 'GNOME' });
    expect(env).toEqual({ XDG_CURRENT_DESKTOP: 'GNOME' });
    expect(sanitizeEngineEnv({ XDG_CURRENT_DESKTOP: 'KDE', ORIGINAL_XDG_CURRENT_DESKTOP: 'undefined' })).toEqual({
      XDG_CURRENT_DESKTOP: 'KDE',
    });
  });

  it('does not modify its input', () => {
    const input = { ELECTRON_RUN_AS_NODE: '1', PATH: '/bin' };
    sanitizeEngineEnv(input, { X: 'y' });
    expect(input).toEqual({ ELECTRON_RUN_AS_NODE: '1', PATH: '/bin' });
  });
});
