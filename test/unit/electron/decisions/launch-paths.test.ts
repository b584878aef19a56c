import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  MAX_LAUNCH_FOLDERS,
  foldersFromArgv,
  foldersFromSecondInstance,
  parseSecondInstanceData,
} from '../../../../src/main/electron/decisions/launch-paths.ts';

const linux = { defaultApp: false, cwd: '/home/ada', platform: 'linux' as const };

describe('foldersFromArgv', () => {
  it('reads folders of a packaged launch, relative to the working directory', () => {
    expect(foldersFromArgv(['/opt/ao/agent-orchestrator-desktop', 'src/app', '/srv/other'], linux)).toEqual([
      '/home/ada/src/app',
      '/srv/other',
    ]);
  });

  it('skips the app directory of `electron <dir>` and every switch (Chromium, Playwright, macOS -psn)', () => {
    const argv = ['/usr/bin/electron', '--no-sandbox', '--inspect=0', '/repo/app', '-psn_0_12345', '--remote-debugging-port=0', 'proj'];
    expect(foldersFromArgv(argv, { ...linux, defaultApp: true })).toEqual(['/home/ada/proj']);
    expect(foldersFromArgv(['/usr/bin/electron', '/repo/app'], { ...linux, defaultApp: true })).toEqual([]);
  });

  it('treats everything after `--` as a path, even a leading dash', () => {
    expect(foldersFromArgv(['ao', '--', '-weird', '--also'], linux)).toEqual(['/home/ada/-weird', '/home/ada/--also']);
  });

  it('turns file:// URLs (a file manager passing %U) into paths and ignores other schemes', () => {
    expect(foldersFromArgv(['ao', 'file:///home/ada/my%20repo', 'https://example.com/x', 'file://evil.example/share'], linux)).toEqual([
      '/home/ada/my repo',
    ]);
  });

  it('resolves Windows paths with Windows rules', () => {
    const win = { defaultApp: false, cwd: 'C:\\Users\\ada', platform: 'win32' as const };
    expect(foldersFromArgv(['C:\\ao\\ao.exe', 'code\\app', 'D:\\x', 'file:///C:/y'], win)).toEqual(['C:\\Users\\ada\\code\\app', 'D:\\x', 'C:\\y']);
  });

  it('drops duplicates, NUL bytes and overlong arguments, and caps the count', () => {
    const many = Array.from({ length: 40 }, (_, i) => `/r/${i}`);
    expect(foldersFromArgv(['ao', ...many], linux)).toHaveLength(MAX_LAUNCH_FOLDERS);
    expect(foldersFromArgv(['ao', '/a', '/a/', 'x\0y', `/${'a'.repeat(5000)}`], linux)).toEqual(['/a']);
  });

  it('always returns absolute paths, whatever the arguments', () => {
    fc.assert(
      fc.property(fc.array(fc.string()), (args) => {
        for (const folder of foldersFromArgv(['ao', ...args], linux)) expect(folder.startsWith('/')).toBe(true);
      }),
    );
  });
});

describe('second instance', () => {
  it('prefers the additionalData our own second instance sends', () => {
    const folders = foldersFromSecondInstance(['ao', '--flag', 'ignored'], '/tmp', { folders: ['/w/a', '/w/b'] }, { defaultApp: false, platform: 'linux' });
    expect(folders).toEqual(['/w/a', '/w/b']);
  });

  it('falls back to the argv, resolved against the second instance\'s directory, when the data is foreign', () => {
    const folders = foldersFromSecondInstance(['ao', 'here'], '/w/second', { folders: ['relative/path'] }, { defaultApp: false, platform: 'linux' });
    expect(folders).toEqual(['/w/second/here']);
  });

  it('refuses malformed additionalData', () => {
    expect(parseSecondInstanceData(null, 'linux')).toBeNull();
    expect(parseSecondInstanceData({ folders: '/x' }, 'linux')).toBeNull();
    expect(parseSecondInstanceData({ folders: [1] }, 'linux')).toBeNull();
    expect(parseSecondInstanceData({ folders: Array.from({ length: 99 }, (_, i) => `/r/${i}`) }, 'linux')).toBeNull();
    expect(parseSecondInstanceData({ folders: ['/a', '/a'] }, 'linux')).toEqual({ folders: ['/a'] });
  });
});
