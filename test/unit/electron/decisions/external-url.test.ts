import { describe, expect, it } from 'vitest';
import { canOpenExternally } from '../../../../src/main/electron/decisions/external-url.ts';

describe('canOpenExternally', () => {
  it.each(['https://github.com/owner/repo/pull/1', 'http://localhost:3000/', 'https://example.com/a?b=c#d'])(
    'allows the web link %s',
    (url) => expect(canOpenExternally(url)).toBe(true),
  );

  it.each([
    ['file:///etc/passwd', 'local files'],
    ['javascript:alert(1)', 'script URLs'],
    ['smb://attacker/share', 'network shares'],
    ['ms-msdt:/id PCWDiagnostic', 'OS protocol handlers'],
    ['vscode://file/x', 'custom app protocols'],
    ['data:text/html,<script>1</script>', 'data URLs'],
    ['https://github.com@evil.example/', 'credentials that disguise the host'],
    ['https://user:pass@example.com/', 'user and password'],
    ['/relative/path', 'relative URLs'],
    ['not a url', 'garbage'],
    ['', 'the empty string'],
  ])('refuses %s (%s)', (url) => expect(canOpenExternally(url)).toBe(false));
});
