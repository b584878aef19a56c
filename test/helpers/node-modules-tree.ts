/**
 * A real node_modules-shaped folder for copy tests — many small files, scoped packages, a nested
 * node_modules, relative symlinks in `.bin` to executable scripts, a linked package, an empty
 * folder, a read-only file, two hard-linked names — and a reader that lists a tree entry by entry so two trees can be compared exactly.
 */
import { chmodSync, linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface TreeShape {
  /** Plain packages (each with package.json, index.js and `files` modules under lib/). */
  packages?: number;
  files?: number;
}

/** Build the tree at `dir` (which must not exist). Returns the number of regular files written. */
export function writeNodeModules(dir: string, shape: TreeShape = {}): number {
  const packages = shape.packages ?? 40;
  const files = shape.files ?? 12;
  let written = 0;
  const file = (relative: string, content: string, mode = 0o644): void => {
    const full = path.join(dir, relative);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, content);
    chmodSync(full, mode);
    written++;
  };
  for (let p = 0; p < packages; p++) {
    const name = `pkg-${p}`;
    file(`${name}/package.json`, JSON.stringify({ name, version: '1.0.0', bin: { [name]: 'bin/cli.js' } }));
    file(`${name}/index.js`, `module.exports = ${p};\n`);
    for (let f = 0; f < files; f++) file(`${name}/lib/m${f}.js`, `exports.v = ${JSON.stringify(`${name}:${f}:`.repeat(20))};\n`);
    file(`${name}/bin/cli.js`, `#!/usr/bin/env node\nconsole.log(${p});\n`, 0o755);
    mkdirSync(path.join(dir, '.bin'), { recursive: true });
    symlinkSync(`../${name}/bin/cli.js`, path.join(dir, '.bin', name));
  }
  // Scoped packages (a split point of the copy), one with its own nested node_modules.
  for (const scoped of ['@scope/alpha', '@scope/beta', '@types/node']) {
    file(`${scoped}/package.json`, JSON.stringify({ name: scoped }));
    file(`${scoped}/index.d.ts`, 'export {};\n');
  }
  file('@scope/beta/node_modules/inner/index.js', 'module.exports = "inner";\n');
  // A workspace-style link to a sibling package, an empty folder, a read-only file.
  symlinkSync('pkg-0', path.join(dir, 'linked-pkg'));
  mkdirSync(path.join(dir, 'empty-pkg', 'empty'), { recursive: true });
  file('pkg-1/readonly.txt', 'frozen\n', 0o444);
  // Two names for one file (package managers that deduplicate by linking do this).
  linkSync(path.join(dir, 'pkg-0', 'index.js'), path.join(dir, 'pkg-0', 'alias.js'));
  // A file whose mtime means something (tools such as cargo compare them).
  utimesSync(path.join(dir, 'pkg-2', 'index.js'), new Date('2020-01-02T03:04:05Z'), new Date('2020-01-02T03:04:05Z'));
  return written;
}

/** One line per entry: path, kind, mode, and content or link target (plus mtime for files). */
export function describeTree(dir: string): string[] {
  const lines: string[] = [];
  const walk = (relative: string): void => {
    for (const name of readdirSync(path.join(dir, relative)).sort()) {
      const rel = relative === '' ? name : `${relative}/${name}`;
      const full = path.join(dir, rel);
      const info = lstatSync(full);
      const mode = (info.mode & 0o7777).toString(8);
      if (info.isSymbolicLink()) lines.push(`${rel} link -> ${readlinkSync(full)}`);
      else if (info.isDirectory()) {
        lines.push(`${rel}/ ${mode} ${Math.floor(info.mtimeMs / 1000)}`);
        walk(rel);
      } else lines.push(`${rel} ${mode} ${Math.floor(info.mtimeMs / 1000)} ${readFileSync(full, 'utf8')}`);
    }
  };
  walk('');
  return lines;
}
