/**
 * The user's log folders, from the same variables the agents themselves read.
 *
 * `CODEX_HOME` (default `~/.codex`), `CLAUDE_CONFIG_DIR` (default `~/.claude`; a comma list is
 * several accounts, as ccusage accepts), `GEMINI_DIR` or `GEMINI_CLI_HOME/.gemini` (default
 * `~/.gemini`). Every entry is its own account: distinct homes never share state. Folders that do
 * not exist are kept: an agent may create them later, and the quota view lists the account as
 * "unknown" meanwhile.
 */
import os from 'node:os';
import path from 'node:path';
import type { UsageSource } from '../types.ts';

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

/** Sources for an environment (pure: `homedir` injected for tests). */
export function sourcesFromEnv(env: NodeJS.ProcessEnv = process.env, homedir: string = os.homedir()): UsageSource[] {
  const expand = (p: string): string => path.resolve(p.startsWith('~') ? path.join(homedir, p.slice(1)) : p);
  const codex = list(env.CODEX_HOME);
  const claude = list(env.CLAUDE_CONFIG_DIR);
  const gemini = list(env.GEMINI_DIR);
  const geminiHome = env.GEMINI_CLI_HOME?.trim();
  const sources: UsageSource[] = [];
  for (const root of codex.length > 0 ? codex : [path.join(homedir, '.codex')]) sources.push({ provider: 'codex', root: expand(root) });
  for (const root of claude.length > 0 ? claude : [path.join(homedir, '.claude')]) sources.push({ provider: 'claude', root: expand(root) });
  const geminiRoots = gemini.length > 0 ? gemini : [geminiHome ? path.join(geminiHome, '.gemini') : path.join(homedir, '.gemini')];
  for (const root of geminiRoots) sources.push({ provider: 'gemini', root: expand(root) });
  const seen = new Set<string>();
  return sources.filter((s) => {
    const key = `${s.provider}\0${s.root}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
