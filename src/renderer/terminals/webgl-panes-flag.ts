/**
 * Switch for which panes render with WebGL: `?webgl=focused` in the page's address gives WebGL
 * to the focused pane only (the others use xterm's DOM renderer), so `bench/footprint` can
 * measure it against the default (a WebGL context per visible pane) in the same run. Any other
 * value, or none, is the default. Why the default stays: docs/architecture.md, Decisions.
 */
import type { WebglPanes } from './terminal-registry.ts';

export function webglPanesFrom(location: Pick<Location, 'search'>): WebglPanes {
  return new URLSearchParams(location.search).get('webgl') === 'focused' ? 'focused' : 'every-pane';
}
