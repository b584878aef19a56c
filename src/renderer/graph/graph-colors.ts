/**
 * Colours of the branch graph: a lane palette, and the merged state of a commit by ancestry.
 *
 * "Merged" here is what the graph knows by itself: the commit is reachable from a target.
 * Squash and rebase merges (patch-equivalent, not ancestors) come from the git map of issue 9
 * and show on branch labels once its procedures exist.
 */
export type ColorMode = 'merged' | 'lanes';

/** A commit's state against the repository's targets. */
export type MergedState = 'merged' | 'partly' | 'unmerged';

/** `all`: the bits of every target. No targets: every commit counts as unmerged. */
export function mergedState(inTargets: number, all: number): MergedState {
  if (all === 0 || (inTargets & all) === 0) return 'unmerged';
  return (inTargets & all) === all ? 'merged' : 'partly';
}

export interface ChipStyle {
  readonly fill: string;
  readonly stroke: string;
  readonly color: string;
}

export interface GraphTheme {
  readonly palette: readonly string[];
  /** Node colour per merged state; `unmerged` null = the lane's own colour, so open work stands out. */
  readonly state: Readonly<Record<MergedState, string | undefined>>;
  readonly background: string;
  readonly selection: string;
  readonly text: string;
  readonly dim: string;
  readonly faint: string;
  readonly font: string;
  readonly labelFont: string;
  readonly monoFont: string;
  readonly chips: Readonly<Record<'target' | 'worktree' | 'branch' | 'remote' | 'tag', ChipStyle>>;
}

/** Lane colours per theme: distinct on the background, none of them the merged grey or amber. */
const PALETTES: Readonly<Record<'dark' | 'light', readonly string[]>> = {
  dark: ['#5b9cff', '#c678dd', '#56b6c2', '#e06c75', '#d19a66', '#98c379', '#61afef', '#ff79c6', '#8be9fd', '#bd93f9'],
  light: ['#0b5cd5', '#8250df', '#0f7b83', '#c4202b', '#a84400', '#2a7f3a', '#1f6feb', '#bf3989', '#006d75', '#6639ba'],
};

/** The theme from the app's CSS variables (read on mount and on every theme change). */
export function graphTheme(style: CSSStyleDeclaration, name: 'dark' | 'light' = 'dark'): GraphTheme {
  const v = (variable: string, fallback: string): string => style.getPropertyValue(variable).trim() || fallback;
  const ui = v('--font-ui', 'system-ui, sans-serif');
  const mono = v('--font-mono', 'monospace');
  const accent = v('--accent', '#5b9cff');
  const ok = v('--ok', '#7fcf6a');
  return {
    palette: PALETTES[name],
    state: { merged: v('--text-faint', '#5f6775'), partly: v('--warn', '#e5b95c'), unmerged: undefined },
    background: v('--bg', '#0f1115'),
    selection: v('--bg-selected', v('--bg-hover', '#1d212a')),
    text: v('--text', '#d6d9df'),
    dim: v('--text-dim', '#8b93a1'),
    faint: v('--text-faint', '#5f6775'),
    font: `13px ${ui}`,
    labelFont: `600 11px ${ui}`,
    monoFont: `12px ${mono}`,
    chips: {
      target: { fill: accent, stroke: accent, color: v('--on-accent', '#ffffff') },
      worktree: { fill: v('--bg-raised', '#161920'), stroke: ok, color: ok },
      branch: { fill: v('--bg-raised', '#161920'), stroke: v('--border-strong', '#343b47'), color: v('--text', '#d6d9df') },
      remote: { fill: v('--bg-sunken', '#0c0e12'), stroke: v('--border', '#252a33'), color: v('--text-dim', '#8b93a1') },
      tag: { fill: v('--warn-bg', '#33291a'), stroke: v('--warn-border', '#e5b95c'), color: v('--warn-text', '#e5b95c') },
    },
  };
}
