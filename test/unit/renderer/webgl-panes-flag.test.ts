import { describe, expect, it } from 'vitest';
import { webglPanesFrom } from '../../../src/renderer/terminals/webgl-panes-flag.ts';

describe('webglPanesFrom', () => {
  it('is every visible pane unless the address asks for the focused pane only', () => {
    expect(webglPanesFrom({ search: '' })).toBe('every-pane');
    expect(webglPanesFrom({ search: '?webgl=focused' })).toBe('focused');
    expect(webglPanesFrom({ search: '?webgl=all' })).toBe('every-pane');
    expect(webglPanesFrom({ search: '?x=1&webgl=focused' })).toBe('focused');
  });
});
