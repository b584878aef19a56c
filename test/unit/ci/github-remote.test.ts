import { describe, expect, it } from 'vitest';
import { apiBaseFromEnv, ghHostname, parseGitHubRemote, remoteServedBy } from '../../../src/main/engine/ci/github/github-remote.ts';

describe('GitHub remotes', () => {
  it.each([
    ['https://github.com/acme/widgets.git', 'github.com', 'acme', 'widgets'],
    ['https://github.com/acme/widgets', 'github.com', 'acme', 'widgets'],
    ['https://user@github.com/acme/widgets.git/', 'github.com', 'acme', 'widgets'],
    ['http://ghe.example.com/team/app.js', 'ghe.example.com', 'team', 'app.js'],
    ['ssh://git@github.com/acme/widgets.git', 'github.com', 'acme', 'widgets'],
    ['ssh://git@ghe.example.com:2222/team/app.git', 'ghe.example.com', 'team', 'app'],
    ['git@github.com:acme/widgets.git', 'github.com', 'acme', 'widgets'],
    ['git@GitHub.com:Acme/Widgets', 'github.com', 'Acme', 'Widgets'],
    ['github.com:acme/widgets.git', 'github.com', 'acme', 'widgets'],
    ['git://github.com/acme/widgets.git', 'github.com', 'acme', 'widgets'],
  ])('%s → %s %s/%s', (url, host, owner, repo) => {
    expect(parseGitHubRemote(url)).toEqual({ host, owner, repo });
  });

  it.each([
    '/srv/git/widgets.git',
    'C:\\repos\\widgets',
    'C:/repos/widgets',
    'file:///srv/git/widgets.git',
    'https://gitlab.com/group/sub/widgets.git',
    'https://github.com/acme',
    'git@github.com:acme/../x.git',
    '',
  ])('%s names no GitHub repository', (url) => {
    expect(parseGitHubRemote(url)).toBeNull();
  });

  it('takes the API base from GITHUB_API_URL, default the public API', () => {
    expect(apiBaseFromEnv({})).toBe('https://api.github.com');
    expect(apiBaseFromEnv({ GITHUB_API_URL: 'https://ghe.example.com/api/v3/' })).toBe('https://ghe.example.com/api/v3');
    expect(apiBaseFromEnv({ GITHUB_API_URL: 'ftp://nope' })).toBe('https://api.github.com');
    expect(apiBaseFromEnv({ GITHUB_API_URL: 'not a url' })).toBe('https://api.github.com');
    expect(ghHostname('https://api.github.com')).toBe('github.com');
    expect(ghHostname('https://ghe.example.com/api/v3')).toBe('ghe.example.com');
  });

  it('sends remotes on other hosts to the public API never', () => {
    expect(remoteServedBy('github.com', 'https://api.github.com')).toBe(true);
    expect(remoteServedBy('gitlab.com', 'https://api.github.com')).toBe(false);
    expect(remoteServedBy('ghe.example.com', 'https://ghe.example.com/api/v3')).toBe(true);
  });
});
