// @vitest-environment jsdom
/**
 * The renderer's checkboxes and disclosures are the themed, accessible ones (ui/Checkbox.tsx,
 * ui/Disclosure.tsx), never the native `<input type="checkbox">` and `<details>`, which draw in the
 * OS's colours and (for `<summary>`) announce no expanded state on every platform.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { act, useState } from 'react';
import { describe, expect, it } from 'vitest';
import { Checkbox } from '../../../src/renderer/ui/Checkbox.tsx';
import { Disclosure } from '../../../src/renderer/ui/Disclosure.tsx';
import { reactRootPerTest } from './react-root.ts';

const view = reactRootPerTest();

function tsxFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? tsxFiles(path.join(dir, entry.name)) : entry.name.endsWith('.tsx') ? [path.join(dir, entry.name)] : [],
  );
}

describe('native controls in the renderer', () => {
  it('uses no native checkbox or <details> anywhere', () => {
    const offenders = tsxFiles(path.resolve('src/renderer')).flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      return [/type=["']checkbox["']/, /<details\b/, /<summary\b/].filter((re) => re.test(text)).map((re) => `${path.relative(process.cwd(), file)}: ${re.source}`);
    });
    expect(offenders).toEqual([]);
  });
});

function CheckboxHarness() {
  const [checked, setChecked] = useState(false);
  return (
    <Checkbox checked={checked} onCheckedChange={setChecked} label="Run setup">
      Set up now
    </Checkbox>
  );
}

describe('Checkbox', () => {
  it('is a checkbox to assistive technology, toggles on click, and ignores Enter', () => {
    act(() => view.root.render(<CheckboxHarness />));
    const box = view.container.querySelector<HTMLButtonElement>('[role="checkbox"]')!;
    expect(box.getAttribute('aria-label')).toBe('Run setup');
    expect(box.getAttribute('aria-checked')).toBe('false');
    expect(box.type).toBe('button'); // never submits its form
    act(() => box.click());
    expect(box.getAttribute('aria-checked')).toBe('true');
    // Space activates a button (the browser turns it into a click); Enter must not.
    const enter = new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true });
    act(() => {
      box.dispatchEvent(enter);
    });
    expect(enter.defaultPrevented).toBe(true);
    const space = new KeyboardEvent('keydown', { key: ' ', bubbles: true, cancelable: true });
    act(() => {
      box.dispatchEvent(space);
    });
    expect(space.defaultPrevented).toBe(false);
    act(() => box.click());
    expect(box.getAttribute('aria-checked')).toBe('false');
  });
});

describe('Disclosure', () => {
  it('is a button that says whether its section is open and which one it controls', () => {
    act(() =>
      view.root.render(
        <Disclosure summary="Quota" testId="quota">
          <input aria-label="Warn at" />
        </Disclosure>,
      ),
    );
    const toggle = view.container.querySelector<HTMLButtonElement>('button[aria-controls]')!;
    expect(toggle.textContent).toBe('Quota');
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    const section = document.getElementById(toggle.getAttribute('aria-controls')!)!;
    expect(section.hidden).toBe(true);
    expect(section.contains(view.container.querySelector('input[aria-label="Warn at"]'))).toBe(true);
    act(() => toggle.click());
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(section.hidden).toBe(false);
    expect(view.container.querySelector('[data-testid="quota"]')?.getAttribute('data-state')).toBe('open');
  });
});
