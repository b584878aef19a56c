/**
 * A fresh React root in a fresh container for each test of the file (happy-dom), unmounted and
 * removed after it: `const view = reactRootPerTest();` then `act(() => view.root.render(…))`.
 */
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach } from 'vitest';

Reflect.set(globalThis, 'IS_REACT_ACT_ENVIRONMENT', true);

export interface ReactRootView {
  readonly root: Root;
  readonly container: HTMLDivElement;
}

export function reactRootPerTest(): ReactRootView {
  let current: { root: Root; container: HTMLDivElement } | null = null;
  const view = {
    get root(): Root {
      if (!current) throw new Error('no React root outside a test');
      return current.root;
    },
    get container(): HTMLDivElement {
      if (!current) throw new Error('no container outside a test');
      return current.container;
    },
  };
  beforeEach(() => {
    const container = document.body.appendChild(document.createElement('div'));
    current = { root: createRoot(container), container };
  });
  afterEach(() => {
    const mounted = current;
    current = null;
    if (!mounted) return;
    act(() => mounted.root.unmount());
    mounted.container.remove();
  });
  return view;
}
