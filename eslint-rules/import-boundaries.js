/**
 * ESLint rule: process and layer boundaries, enforced on every import (type-only ones included).
 *
 *   shared    → shared, and the protocol libraries (zod, @orpc/*) — no Node, no electron, no DOM
 *   renderer  → shared, browser packages — never Node built-ins, electron, node-pty, ws, main/*
 *   preload   → shared, electron
 *   engine    → shared, engine, Node, packages — never electron(-store), transport, cli;
 *               inside the engine, a file in one domain (src/main/engine/<domain>/) reaches
 *               another domain only through that domain's index.ts, its public face
 *   transport → shared, the engine's entries, transport, Node — never electron
 *   cli       → shared, the engine's entries, transport, cli, Node — never electron
 *   (the engine's entries: src/main/engine/index.ts, the composition root, and
 *    src/main/engine/discovery.ts, the light one, and src/main/engine/version.ts, the version
 *    alone for `--version`; never a service's file directly)
 *   electron (shell) → shared, electron, Node, electron-store — never node-pty, engine internals
 *   node-pty  → only src/main/engine/terminals
 *
 * Why a custom rule: the layers are folders, and the rule must resolve relative imports to know
 * which folder they reach; `no-restricted-imports` only sees the written specifier.
 */
import path from 'node:path';
import { builtinModules } from 'node:module';

const BUILTINS = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

function layerOf(file) {
  const p = file.split(path.sep).join('/');
  const m = /\/src\/(shared|renderer|preload|main\/(engine|transport|electron|cli))\//.exec(p);
  if (!m) return null;
  return m[2] ?? m[1];
}

function packageName(spec) {
  if (spec.startsWith('@')) return spec.split('/').slice(0, 2).join('/');
  return spec.split('/')[0];
}

const SHARED_PACKAGES = new Set(['zod', '@orpc/contract', '@orpc/client', '@orpc/shared']);
const NODE_ONLY_PACKAGES = new Set(['node-pty', 'ws', '@orpc/server', 'tsx', 'conf', '@xterm/headless', '@xterm/addon-serialize']);

/**
 * Engine domains not yet behind their index.ts: git, git-map and graph are being reworked for
 * performance (issue 8 item 2 left them for that work). Files in them may import any domain's
 * files and be imported file by file, until they get their own faces.
 */
const DOMAINS_WITHOUT_FACE = new Set(['git', 'git-map', 'graph']);

/** The engine domain a file lives in (`src/main/engine/<domain>/…`), null for the engine's root files. */
function engineDomainOf(resolvedFile) {
  const p = resolvedFile.split(path.sep).join('/');
  const m = /\/src\/main\/engine\/([^/]+)\/.+$/.exec(p);
  return m ? m[1] : null;
}

/**
 * A cross-domain import inside the engine must go through the other domain's index.ts. The
 * engine's root files (composition root, router, services) wire the domains and are exempt.
 */
function domainBoundaryProblem(file, resolvedFile) {
  const from = engineDomainOf(file);
  const to = engineDomainOf(resolvedFile);
  if (from === null || to === null || from === to) return null;
  if (DOMAINS_WITHOUT_FACE.has(from) || DOMAINS_WITHOUT_FACE.has(to)) return null;
  const p = resolvedFile.split(path.sep).join('/');
  if (p.endsWith(`/src/main/engine/${to}/index.ts`)) return null;
  return `the ${from} domain may import the ${to} domain only through src/main/engine/${to}/index.ts`;
}

/** The only engine files other layers may import. */
// version.ts: `--version` reads the version alone, loading no schema or lock library (issue 14, CLI start).
const ENGINE_ENTRIES = new Set(['src/main/engine/index.ts', 'src/main/engine/discovery.ts', 'src/main/engine/version.ts']);

function isEngineEntry(resolvedFile) {
  const p = resolvedFile.split(path.sep).join('/');
  const m = /\/(src\/main\/engine\/.*)$/.exec(p);
  return m !== null && ENGINE_ENTRIES.has(m[1]);
}

function check(layer, spec, resolvedLayer, file, resolvedFile) {
  const isBuiltin = BUILTINS.has(spec);
  const pkg = !spec.startsWith('.') && !isBuiltin ? packageName(spec) : null;
  if (pkg === 'node-pty' && !/\/src\/main\/engine\/terminals\//.test(file.split(path.sep).join('/'))) {
    return 'node-pty may only be used in src/main/engine/terminals';
  }
  switch (layer) {
    case 'shared':
      if (isBuiltin) return 'shared must not import Node built-ins';
      if (pkg && !SHARED_PACKAGES.has(pkg)) return `shared may only import ${[...SHARED_PACKAGES].join(', ')}`;
      if (resolvedLayer && resolvedLayer !== 'shared') return `shared must not import from ${resolvedLayer}`;
      return null;
    case 'renderer':
      if (isBuiltin) return 'the renderer must not import Node built-ins';
      if (pkg && (pkg === 'electron' || NODE_ONLY_PACKAGES.has(pkg))) return `the renderer must not import ${pkg}`;
      if (resolvedLayer && resolvedLayer !== 'shared' && resolvedLayer !== 'renderer') return `the renderer may only import shared, not ${resolvedLayer}`;
      return null;
    case 'preload':
      if (pkg && pkg !== 'electron') return `the preload may only import electron and shared, not ${pkg}`;
      if (isBuiltin) return 'the preload must not import Node built-ins';
      if (resolvedLayer && resolvedLayer !== 'shared' && resolvedLayer !== 'preload') return `the preload may only import shared, not ${resolvedLayer}`;
      return null;
    case 'engine':
      if (pkg === 'electron' || pkg === 'electron-store') return `the engine must never import ${pkg}`;
      if (resolvedLayer && !['shared', 'engine'].includes(resolvedLayer)) return `the engine must not import from ${resolvedLayer}`;
      if (resolvedLayer === 'engine') return domainBoundaryProblem(file, resolvedFile);
      return null;
    case 'transport':
      if (pkg === 'electron' || pkg === 'electron-store') return `the transport must never import ${pkg}`;
      if (resolvedLayer && !['shared', 'engine', 'transport'].includes(resolvedLayer)) return `the transport must not import from ${resolvedLayer}`;
      if (resolvedLayer === 'engine' && !isEngineEntry(resolvedFile)) return 'the transport may import the engine only through src/main/engine/index.ts, discovery.ts or version.ts';
      return null;
    case 'cli':
      if (pkg === 'electron' || pkg === 'electron-store') return `the CLI must never import ${pkg}`;
      if (resolvedLayer && !['shared', 'engine', 'transport', 'cli'].includes(resolvedLayer)) return `the CLI must not import from ${resolvedLayer}`;
      if (resolvedLayer === 'engine' && !isEngineEntry(resolvedFile)) return 'the CLI may import the engine only through src/main/engine/index.ts, discovery.ts or version.ts (its public entries)';
      return null;
    case 'electron':
      if (resolvedLayer && !['shared', 'electron'].includes(resolvedLayer)) return `the desktop shell must not import from ${resolvedLayer} (it talks to the engine over the protocol)`;
      return null;
    default:
      return null;
  }
}

export default {
  meta: { type: 'problem', docs: { description: 'enforce process and layer import boundaries' }, schema: [] },
  create(context) {
    const file = context.filename;
    const layer = layerOf(file);
    if (!layer) return {};
    const visit = (node) => {
      const source = node.source;
      if (!source || typeof source.value !== 'string') return;
      const spec = source.value;
      const resolvedFile = spec.startsWith('.') ? path.resolve(path.dirname(file), spec) : null;
      const resolvedLayer = resolvedFile ? layerOf(resolvedFile) : null;
      const problem = check(layer, spec, resolvedLayer, file, resolvedFile);
      if (problem) context.report({ node: source, message: `${problem} (import '${spec}')` });
    };
    return {
      ImportDeclaration: visit,
      ExportNamedDeclaration: visit,
      ExportAllDeclaration: visit,
      ImportExpression: visit,
    };
  },
};
