/**
 * Guard: `electron` only in the desktop shell and preload, `node-pty` only in the engine's
 * terminals, engine domains reached through their index.ts. Lint enforces the same; this test
 * fails even if lint is misconfigured.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? files(full) : /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

const importsOf = (text: string, pkg: string) =>
  new RegExp(`(from|import|require\\()\\s*['"]${pkg}(/[^'"]*)?['"]`).test(text);

describe('import guards', () => {
  const all = files(path.resolve('src')).map((f) => ({
    rel: path.relative(path.resolve('src'), f).split(path.sep).join('/'),
    text: readFileSync(f, 'utf8'),
  }));

  it('finds the source tree', () => {
    expect(all.length).toBeGreaterThan(10);
  });

  it('imports electron only in src/main/electron and src/preload', () => {
    const offenders = all
      .filter((f) => importsOf(f.text, 'electron') || importsOf(f.text, 'electron-store'))
      .map((f) => f.rel)
      .filter((rel) => !rel.startsWith('main/electron/') && !rel.startsWith('preload/'));
    expect(offenders).toEqual([]);
  });

  it('imports node-pty only in src/main/engine/terminals', () => {
    const offenders = all
      .filter((f) => importsOf(f.text, 'node-pty'))
      .map((f) => f.rel)
      .filter((rel) => !rel.startsWith('main/engine/terminals/'));
    expect(offenders).toEqual([]);
  });

  it('keeps src/shared free of Node built-ins', () => {
    const offenders = all.filter((f) => f.rel.startsWith('shared/') && /from\s+['"]node:/.test(f.text)).map((f) => f.rel);
    expect(offenders).toEqual([]);
  });

  it('imports zod as a namespace (`import * as z`), the form esbuild can tree-shake', () => {
    // With `import { z } from 'zod'` esbuild keeps zod's whole namespace, all ~50 locales
    // included: the CLI bundle's zod chunk was 757 KB instead of 198 KB, ~23 ms more for every
    // command and engine that loads it (issue 14, CLI start). `import type { z }` is erased.
    const offenders = all.filter((f) => /^import\s+\{[^}]*\bz\b[^}]*\}\s+from\s+['"]zod['"]/m.test(f.text)).map((f) => f.rel);
    expect(offenders).toEqual([]);
    expect(all.filter((f) => /^import \* as z from 'zod';/m.test(f.text)).length).toBeGreaterThan(20);
  });

  it('lets the CLI and the transport reach the engine only through its public entries', () => {
    // version.ts: `--version` reads the version and loads nothing else of the engine (CLI start, issue 14).
    const entries = new Set(['main/engine/index.ts', 'main/engine/discovery.ts', 'main/engine/version.ts']);
    const offenders = all
      .filter((f) => f.rel.startsWith('main/cli/') || f.rel.startsWith('main/transport/'))
      .flatMap((f) =>
        [...f.text.matchAll(/(?:from|import\()\s*['"](\.[^'"]+)['"]/g)]
          .map((m) => path.posix.normalize(path.posix.join(path.posix.dirname(f.rel), m[1]!)))
          .filter((target) => target.startsWith('main/engine/') && !entries.has(target))
          .map((target) => `${f.rel} -> ${target}`),
      );
    expect(offenders).toEqual([]);
  });

  it('lets one engine domain reach another only through its index.ts (git, git-map, graph not yet)', () => {
    const withoutFace = new Set(['git', 'git-map', 'graph']);
    const domainOf = (rel: string): string | null => /^main\/engine\/([^/]+)\/./.exec(rel)?.[1] ?? null;
    const offenders = all
      .filter((f) => domainOf(f.rel) !== null && !withoutFace.has(domainOf(f.rel)!))
      .flatMap((f) =>
        [...f.text.matchAll(/(?:from|import\()\s*['"](\.[^'"]+)['"]/g)]
          .map((m) => path.posix.normalize(path.posix.join(path.posix.dirname(f.rel), m[1]!)))
          .filter((target) => {
            const to = domainOf(target);
            return to !== null && to !== domainOf(f.rel) && !withoutFace.has(to) && target !== `main/engine/${to}/index.ts`;
          })
          .map((target) => `${f.rel} -> ${target}`),
      );
    expect(offenders).toEqual([]);
    // The faces exist (a rename that dropped one would make every import above fail to resolve).
    expect(all.filter((f) => /^main\/engine\/[^/]+\/index\.ts$/.test(f.rel)).length).toBeGreaterThanOrEqual(15);
  });

  it('has no import cycle through a domain face (a barrel in a cycle can be read before it is initialised)', () => {
    // Value imports only: `import type` is erased (verbatimModuleSyntax), so it cannot form a cycle at run time.
    const engine = all.filter((f) => f.rel.startsWith('main/engine/'));
    const known = new Set(engine.map((f) => f.rel));
    const edges = new Map(
      engine.map((f) => [
        f.rel,
        [...f.text.matchAll(/^(?:import|export)\s+(?!type\b)(?:[^'";]*?\sfrom\s+)?'(\.[^']+)'/gms)]
          .map((m) => path.posix.normalize(path.posix.join(path.posix.dirname(f.rel), m[1]!)))
          .filter((target) => known.has(target)),
      ]),
    );
    // Tarjan's strongly connected components; a component of more than one file is a cycle.
    let counter = 0;
    const index = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const onStack = new Set<string>();
    const cycles: string[][] = [];
    const visit = (v: string): void => {
      index.set(v, counter);
      low.set(v, counter++);
      stack.push(v);
      onStack.add(v);
      for (const w of edges.get(v) ?? []) {
        if (!index.has(w)) {
          visit(w);
          low.set(v, Math.min(low.get(v)!, low.get(w)!));
        } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
      if (low.get(v) !== index.get(v)) return;
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) cycles.push(component.sort());
    };
    for (const v of edges.keys()) if (!index.has(v)) visit(v);
    expect(cycles.filter((cycle) => cycle.some((file) => /^main\/engine\/[^/]+\/index\.ts$/.test(file)))).toEqual([]);
  });
});
