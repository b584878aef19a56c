import { describe, expect, it } from 'vitest';
import { isTrustedRendererUrl } from '../../../../src/main/electron/decisions/trusted-sender.ts';

const renderer = 'file:///opt/Agent%20Orchestrator/resources/app.asar/dist/renderer/index.html';

describe('isTrustedRendererUrl', () => {
  it('trusts our index.html, whatever its query or fragment', () => {
    expect(isTrustedRendererUrl(renderer, renderer)).toBe(true);
    expect(isTrustedRendererUrl(`${renderer}?view=grid#repo=1`, renderer)).toBe(true);
  });

  it.each([
    ['another local file', 'file:///opt/Agent%20Orchestrator/resources/app.asar/dist/renderer/other.html'],
    ['a web page', 'https://example.com/dist/renderer/index.html'],
    ['the engine itself', 'http://127.0.0.1:4519/'],
    ['a data URL', 'data:text/html,hi'],
    ['nothing', ''],
    ['a destroyed frame', undefined],
  ])('does not trust %s', (_name, url) => expect(isTrustedRendererUrl(url, renderer)).toBe(false));
});
