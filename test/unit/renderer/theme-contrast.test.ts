/**
 * Both themes meet WCAG AA for every pairing the UI uses to carry meaning: body and secondary
 * text, hints, badges and status colors on the surfaces they sit on, the terminal's text.
 */
import { describe, expect, it } from 'vitest';
import { AA_GRAPHICS, AA_TEXT, contrastRatio } from '../../../src/renderer/theme/contrast.ts';
import { PALETTES, type ThemeName, type UiColorName } from '../../../src/renderer/theme/palettes.ts';
import { resolveTheme } from '../../../src/renderer/theme/theme.ts';

type Pair = [foreground: UiColorName, background: UiColorName, minimum: number];

const SURFACES: UiColorName[] = ['bg', 'bg-raised', 'bg-sunken', 'bg-hover', 'bg-selected', 'bg-focus', 'bg-toast'];
const PAIRS: Pair[] = [
  ...SURFACES.flatMap((surface): Pair[] => [
    ['text', surface, AA_TEXT],
    ['text-dim', surface, AA_TEXT],
    ['text-faint', surface, AA_TEXT],
    ['accent', surface, AA_TEXT],
    // Status words and badges: small text, so the text threshold.
    ['ok', surface, AA_TEXT],
    ['warn', surface, AA_TEXT],
    ['danger', surface, AA_TEXT],
  ]),
  ['warn-text', 'warn-bg', AA_TEXT],
  ['danger-on-bg', 'danger-bg', AA_TEXT],
  ['danger-on-bg', 'danger-bg-hover', AA_TEXT],
  ['on-accent', 'accent-dim', AA_TEXT],
  ['on-accent', 'accent-hover', AA_TEXT],
  // Focus rings and input borders are graphics: 3:1 against the surface.
  ['accent', 'bg-raised', AA_GRAPHICS],
  ['border-hover', 'bg-sunken', AA_GRAPHICS],
];

describe.each(['dark', 'light'] as ThemeName[])('%s theme', (name) => {
  const ui = PALETTES[name].ui;
  it.each(PAIRS)('%s on %s reaches %s:1', (foreground, background, minimum) => {
    expect(contrastRatio(ui[foreground], ui[background])).toBeGreaterThanOrEqual(minimum);
  });

  it('terminal text and its normal colors are readable on the terminal background', () => {
    const terminal = PALETTES[name].terminal;
    const background = terminal.background ?? '';
    expect(background).toBe(ui['terminal-bg']);
    for (const key of ['foreground', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan'] as const) {
      expect(contrastRatio(terminal[key] ?? '', background), key).toBeGreaterThanOrEqual(AA_TEXT);
    }
  });
});

describe('the contrast formula', () => {
  it('gives the known extremes and is symmetric', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    expect(contrastRatio('#ffffff', '#777777')).toBe(contrastRatio('#777777', '#ffffff'));
  });
});

describe('resolveTheme', () => {
  it('follows the OS for "system" and keeps an explicit choice', () => {
    expect(resolveTheme('system', true)).toBe('dark');
    expect(resolveTheme('system', false)).toBe('light');
    expect(resolveTheme('light', true)).toBe('light');
    expect(resolveTheme('dark', false)).toBe('dark');
  });
});
