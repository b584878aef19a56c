import path from 'node:path';
import { mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  revParseCommonDir,
  revParseIsBare,
  revParseIsInsideWorkTree,
  revParseToplevel,
} from '../../../src/main/engine/git/rev-parse.ts';
import { addWorktree, makeBareRepo, makeRepo, makeTempDir } from '../../helpers/git-repo.ts';

describe('rev-parse', () => {
  it('answers for a subfolder of the main worktree', async () => {
    const repo = makeRepo({ path: path.join(makeTempDir(), 'repo with space') });
    const sub = path.join(repo, 'a', 'b');
    mkdirSync(sub, { recursive: true });
    expect(await revParseToplevel(sub)).toEqual({ ok: true, value: repo });
    expect(await revParseCommonDir(sub)).toEqual({ ok: true, value: path.join(repo, '.git') });
    expect(await revParseIsBare(sub)).toEqual({ ok: true, value: false });
    expect(await revParseIsInsideWorkTree(sub)).toEqual({ ok: true, value: true });
  });

  it('gives a linked worktree its own toplevel but the shared common dir', async () => {
    const repo = makeRepo();
    const wt = addWorktree(repo, path.join(makeTempDir(), 'wt'), 'feature');
    expect(await revParseToplevel(wt)).toEqual({ ok: true, value: wt });
    expect(await revParseCommonDir(wt)).toEqual({ ok: true, value: path.join(repo, '.git') });
  });

  it('recognises bare repositories and .git folders as outside a work tree', async () => {
    const bare = makeBareRepo();
    expect(await revParseIsBare(bare)).toEqual({ ok: true, value: true });
    expect(await revParseIsInsideWorkTree(bare)).toEqual({ ok: true, value: false });
    const repo = makeRepo();
    expect(await revParseIsInsideWorkTree(path.join(repo, '.git'))).toEqual({ ok: true, value: false });
  });

  it('reports NOT_A_GIT_REPO outside any repository', async () => {
    const dir = makeTempDir();
    expect(await revParseToplevel(dir)).toEqual({ ok: false, error: { kind: 'NOT_A_GIT_REPO', path: dir } });
  });
});
