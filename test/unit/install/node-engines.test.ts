/**
 * The Node versions we promise (package.json `engines`, the README) are ones every installed
 * dependency accepts, so `npm install` on a supported Node prints no EBADENGINE warning; and
 * they are the LTS lines (22 and 24), not Node 20, which reached end of life in April 2026.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const ours = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node;

/** The lowest version of each `||` branch of a range: the versions a user may start from. */
function lowestOfEachLine(range: string): string[] {
  return range.split('||').map((part) => semver.minVersion(part.trim())?.version ?? 'invalid');
}

function installedEngines(): { name: string; range: string }[] {
  const modules = path.join(ROOT, 'node_modules');
  const dirs = readdirSync(modules).flatMap((entry) =>
    entry.startsWith('@') ? readdirSync(path.join(modules, entry)).map((inner) => `${entry}/${inner}`) : [entry],
  );
  const found: { name: string; range: string }[] = [];
  for (const dir of dirs) {
    try {
      const manifest = JSON.parse(readFileSync(path.join(modules, dir, 'package.json'), 'utf8')) as { engines?: { node?: unknown } };
      if (typeof manifest.engines?.node === 'string') found.push({ name: dir, range: manifest.engines.node });
    } catch {
      // Not a package folder (.bin, .cache).
    }
  }
  return found;
}

describe('supported Node versions', () => {
  it('are the LTS lines 22 and 24, not Node 20', () => {
    expect(semver.satisfies('20.19.0', ours)).toBe(false);
    expect(semver.satisfies('22.20.0', ours)).toBe(true);
    expect(semver.satisfies('24.11.0', ours)).toBe(true);
  });

  it('satisfy every installed dependency, from the first version of each line on', () => {
    const engines = installedEngines();
    expect(engines.length).toBeGreaterThan(10);
    const refused = lowestOfEachLine(ours).flatMap((version) =>
      engines.filter((dep) => !semver.satisfies(version, dep.range)).map((dep) => `${dep.name} (${dep.range}) refuses ${version}`),
    );
    expect(refused).toEqual([]);
  });

  it('are what the README says', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const [line22, line24] = lowestOfEachLine(ours).map((version) => semver.parse(version));
    expect(readme).toContain(`Node.js 22 (${line22?.major}.${line22?.minor} or newer) or ${line24?.major}`);
  });
});
