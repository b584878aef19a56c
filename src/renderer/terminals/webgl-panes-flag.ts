/**
 * Debug switch for which panes render with WebGL: `?webgl=every-pane` in the page's address
 * restores the old behaviour (a WebGL context per visible pane), so `bench/footprint` can
 * measure it against the default (only the focused pane) in the same run. Any other value, or
 * none, is the default.
 */
import type { WebglPanes } from './terminal-registry.ts';

export function webglPanesFrom(location: Pick<Location, 'search'>): WebglPanes {
  return new URLSearchParams(location.search).get('webgl') === 'every-pane' ? 'every-pane' : 'focused';
}
