/**
 * An agent CLI's version from its `--version`, cached until the executable changes.
 */
import { chmodSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { agentVersion, clearAgentVersions } from '../../../src/main/engine/agents/profiles/agent-version.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';

afterEach(() => clearAgentVersions());

/** A CLI that prints `version` and counts how often it was asked. */
function fakeCli(dir: string, version: string): { file: string; calls: () => number } {
  const file = path.join(dir, 'agent');
  const counter = path.join(dir, 'calls');
  writeFileSync(counter, '');
  writeFileSync(file, `#!/bin/sh\necho x >> '${counter}'\n[ "$1" = --version ] && printf '\\n${version}\\nmore text\\n' && exit 0\nexit 2\n`);
  chmodSync(file, 0o755);
  return { file, calls: () => readFileSync(counter, 'utf8').split('\n').filter(Boolean).length };
}

describe.skipIf(process.platform === 'win32')('agentVersion', () => {
  it("returns the first line of the CLI's --version and asks once while the file is unchanged", async () => {
    const dir = makeTempDir('ao-version-');
    const cli = fakeCli(dir, 'codex-cli 0.171.0');
    expect(await agentVersion(cli.file, process.env, dir)).toBe('codex-cli 0.171.0');
    expect(await agentVersion(cli.file, process.env, dir)).toBe('codex-cli 0.171.0');
    expect(cli.calls()).toBe(1);
    // An upgrade replaces the file: asked again.
    const upgraded = fakeCli(dir, 'codex-cli 0.172.0');
    utimesSync(upgraded.file, new Date(), new Date(Date.now() + 5_000));
    expect(await agentVersion(upgraded.file, process.env, dir)).toBe('codex-cli 0.172.0');
  });

  it('is null for a CLI that fails, prints nothing, or does not exist', async () => {
    const dir = makeTempDir('ao-version-');
    const failing = path.join(dir, 'failing');
    writeFileSync(failing, '#!/bin/sh\necho "unknown option" >&2\nexit 1\n');
    chmodSync(failing, 0o755);
    const silent = path.join(dir, 'silent');
    writeFileSync(silent, '#!/bin/sh\nexit 0\n');
    chmodSync(silent, 0o755);
    expect(await agentVersion(failing, process.env, dir)).toBeNull();
    expect(await agentVersion(silent, process.env, dir)).toBeNull();
    expect(await agentVersion(path.join(dir, 'missing'), process.env, dir)).toBeNull();
  });
});
