/**
 * Which panes render with WebGL. By default every visible pane does, unless the page's WebGL is
 * drawn in software (software-gl.ts): then only the focused pane, the others on xterm's DOM
 * renderer. `?webgl=focused` or `?webgl=every-pane` in the page's address force one of the two,
 * so `bench/footprint` and `bench/echo-browser` can measure them against each other in the same
 * run. Why the default is what it is: docs/architecture.md, Decisions.
 */
import type { WebglPanes } from './terminal-registry.ts';

export function webglPanesFrom(location: Pick<Location, 'search'>, softwareGl: () => boolean = () => false): WebglPanes {
  const forced = new URLSearchParams(location.search).get('webgl');
  if (forced === 'focused' || forced === 'every-pane') return forced;
  return softwareGl() ? 'focused' : 'every-pane';
}
