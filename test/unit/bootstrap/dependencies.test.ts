import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectEcosystems, relocateVenv } from '../../../src/main/engine/bootstrap/dependencies.ts';
import { describeCommand } from '../../../src/main/engine/bootstrap/run-command.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';

function checkout(files: string[]): string {
  const dir = makeTempDir('ao-deps-');
  for (const file of files) writeFileSync(path.join(dir, file), '');
  return dir;
}

describe('package manager detection', () => {
  it.each([
    [['package.json', 'pnpm-lock.yaml'], 'pnpm', 'node_modules', 'pnpm install --frozen-lockfile --prefer-offline'],
    [['package.json', 'yarn.lock'], 'yarn', 'node_modules', 'yarn install --frozen-lockfile --prefer-offline'],
    [['package.json', 'yarn.lock', '.yarnrc.yml'], 'yarn', 'node_modules', 'yarn install --immutable'],
    [['package.json', 'bun.lock'], 'bun', 'node_modules', 'bun install --frozen-lockfile'],
    [['package.json', 'package-lock.json'], 'npm', 'node_modules', 'npm ci --prefer-offline --no-audit --no-fund'],
    [['package.json'], 'npm', 'node_modules', 'npm install --prefer-offline --no-audit --no-fund'],
    [['pyproject.toml', 'uv.lock'], 'uv', '.venv', 'uv sync --frozen'],
    [['pyproject.toml', 'poetry.lock'], 'poetry', '.venv', 'poetry install --no-interaction'],
    [['Cargo.toml', 'Cargo.lock'], 'cargo', 'target', 'cargo fetch'],
    [['go.mod', 'go.sum'], 'go', null, 'go mod download'],
  ])('%j → %s', async (files, manager, depDir, install) => {
    const [found] = await detectEcosystems(checkout(files as string[]));
    expect(found).toMatchObject({ manager, depDir });
    expect(found!.install.map((argv) => describeCommand({ argv })).join(' && ')).toBe(install);
  });

  it('pip: a venv, then pip install -r, as argument arrays', async () => {
    const [found] = await detectEcosystems(checkout(['requirements.txt']));
    expect(found?.manager).toBe('pip');
    expect(found?.install).toHaveLength(2);
    expect(found?.install[1]).toContain('requirements.txt');
  });

  it('finds one ecosystem per language, several languages at once, none in an empty folder', async () => {
    const found = await detectEcosystems(checkout(['package.json', 'package-lock.json', 'pnpm-lock.yaml', 'uv.lock', 'go.mod']));
    expect(found.map((e) => e.manager)).toEqual(['pnpm', 'uv', 'go']);
    expect(await detectEcosystems(checkout([]))).toEqual([]);
  });

  it('relocates a cloned virtualenv: scripts in bin/ point at the new venv', async () => {
    const root = makeTempDir('ao-venv-');
    const oldVenv = path.join(root, 'main', '.venv');
    const newVenv = path.join(root, 'wt', '.venv');
    mkdirSync(path.join(newVenv, 'bin'), { recursive: true });
    writeFileSync(path.join(newVenv, 'bin', 'activate'), `VIRTUAL_ENV="${oldVenv}"\n`);
    writeFileSync(path.join(newVenv, 'bin', 'pytest'), `#!${oldVenv}/bin/python\nimport pytest\n`);
    writeFileSync(path.join(newVenv, 'bin', 'python'), Buffer.from([0x7f, 0x45, 0x00, 0x01]));
    expect(await relocateVenv(oldVenv, newVenv)).toBe(2);
    expect(readFileSync(path.join(newVenv, 'bin', 'pytest'), 'utf8')).toBe(`#!${newVenv}/bin/python\nimport pytest\n`);
    expect(readFileSync(path.join(newVenv, 'bin', 'activate'), 'utf8')).toBe(`VIRTUAL_ENV="${newVenv}"\n`);
  });
});
