import { describe, expect, it } from 'vitest';
import {
  loginShell,
  loginShellArgs,
  mergePaths,
  parseLoginShellPath,
  shouldResolveLoginShellPath,
} from '../../../../src/main/electron/decisions/login-shell-path.ts';

const MARKER = '0123456789abcdef0123456789abcdef';

describe('login-shell PATH', () => {
  it('is resolved only for macOS apps started from Finder or the dock', () => {
    expect(shouldResolveLoginShellPath({ platform: 'darwin', env: { PATH: '/usr/bin:/bin' } })).toBe(true);
    expect(shouldResolveLoginShellPath({ platform: 'darwin', env: { TERM: 'xterm-256color' } })).toBe(false);
    expect(shouldResolveLoginShellPath({ platform: 'darwin', env: { TERM_PROGRAM: 'iTerm.app' } })).toBe(false);
    expect(shouldResolveLoginShellPath({ platform: 'darwin', env: { SHLVL: '1' } })).toBe(false);
    expect(shouldResolveLoginShellPath({ platform: 'darwin', env: { AGENT_ORCHESTRATOR_SKIP_LOGIN_SHELL: '1' } })).toBe(false);
    expect(shouldResolveLoginShellPath({ platform: 'linux', env: {} })).toBe(false);
    expect(shouldResolveLoginShellPath({ platform: 'win32', env: {} })).toBe(false);
  });

  it('asks $SHELL when it is a known shell, zsh otherwise', () => {
    expect(loginShell({ SHELL: '/opt/homebrew/bin/fish' })).toBe('/opt/homebrew/bin/fish');
    expect(loginShell({ SHELL: 'bash' })).toBe('/bin/zsh');
    expect(loginShell({ SHELL: '/usr/bin/python3' })).toBe('/bin/zsh');
    expect(loginShell({})).toBe('/bin/zsh');
  });

  it('runs a constant command that prints PATH between markers', () => {
    const args = loginShellArgs(MARKER);
    expect(args.slice(0, 3)).toEqual(['-i', '-l', '-c']);
    expect(args[3]).toBe(`printf '%s' ${MARKER}; /usr/bin/printenv PATH; printf '%s' ${MARKER}`);
    expect(() => loginShellArgs("x'; rm -rf ~; '")).toThrow(/hex/);
  });

  it('finds PATH among banners and escape sequences', () => {
    const output = `\u001b]0;title\u0007Welcome back!\nLast login: today\n${MARKER}/opt/homebrew/bin:/usr/bin:relative:/bin\n${MARKER}bye\n`;
    expect(parseLoginShellPath(output, MARKER)).toBe('/opt/homebrew/bin:/usr/bin:/bin');
  });

  it('gives up on missing markers, an empty value or control characters', () => {
    expect(parseLoginShellPath('no markers here', MARKER)).toBeNull();
    expect(parseLoginShellPath(`${MARKER}/usr/bin`, MARKER)).toBeNull();
    expect(parseLoginShellPath(`${MARKER}  ${MARKER}`, MARKER)).toBeNull();
    expect(parseLoginShellPath(`${MARKER}/usr/bin\u001b[0m${MARKER}`, MARKER)).toBeNull();
    expect(parseLoginShellPath(`${MARKER}relative:only${MARKER}`, MARKER)).toBeNull();
  });

  it('puts the login PATH first and keeps entries only the app had', () => {
    expect(mergePaths('/opt/homebrew/bin:/usr/bin', '/usr/bin:/bin:/Applications/App.app/bin')).toBe(
      '/opt/homebrew/bin:/usr/bin:/bin:/Applications/App.app/bin',
    );
    expect(mergePaths('/a', undefined)).toBe('/a');
  });
});
