import { describe, expect, it } from 'vitest';
import { webglPanesFrom } from '../../../src/renderer/terminals/webgl-panes-flag.ts';

describe('webglPanesFrom', () => {
  it('is the focused pane only unless the address asks for every pane', () => {
    expect(webglPanesFrom({ search: '' })).toBe('focused');
    expect(webglPanesFrom({ search: '?webgl=every-pane' })).toBe('every-pane');
    expect(webglPanesFrom({ search: '?webgl=all' })).toBe('focused');
    expect(webglPanesFrom({ search: '?x=1&webgl=every-pane' })).toBe('every-pane');
  });
});
