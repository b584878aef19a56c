/**
 * Find every log file of a source: where each agent keeps its sessions.
 *
 * Codex: `sessions/**\/rollout-*.jsonl` (date dirs are local time; a resumed session appends to
 * its old file, so files are found by walking, not by date) and `archived_sessions/` (a name in
 * both → the `sessions/` copy wins). Claude: `projects/**\/*.jsonl`, subagent folders included.
 * Gemini: `tmp/<project>/chats/**` `session-*.json|jsonl`, with the project resolved from
 * `projects.json` or the `.project_root` marker.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { GeminiProject } from './gemini-parser.ts';
import { isObject, type UsageSource } from '../types.ts';

/** How a file is read. */
export type FileKind = 'codex' | 'claude' | 'gemini-jsonl' | 'gemini-json';

/** One log file to read. */
export interface DiscoveredFile {
  readonly path: string;
  readonly kind: FileKind;
  readonly source: UsageSource;
  /** Gemini only: the chat's project. */
  readonly project?: GeminiProject;
}

async function walk(dir: string, accept: (name: string) => boolean, out: string[]): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return; // missing or unreadable folder: nothing to read there
  }
  const subdirs: Promise<void>[] = [];
  for (const entry of entries) {
    // A name from readdir has no separator and `dir` is already normal: no path.join per entry.
    const full = dir + path.sep + entry.name;
    // Sibling folders in parallel (a Codex home has a folder per day): the order is restored by
    // the callers' sort.
    if (entry.isDirectory()) subdirs.push(walk(full, accept, out));
    else if (entry.isFile() && accept(entry.name)) out.push(full);
  }
  await Promise.all(subdirs);
}

const isRollout = (name: string): boolean => name.startsWith('rollout-') && name.endsWith('.jsonl');

/** The folders to watch for a source (existing or not). */
export function watchRoots(source: UsageSource): string[] {
  switch (source.provider) {
    case 'codex':
      return [path.join(source.root, 'sessions'), path.join(source.root, 'archived_sessions')];
    case 'claude':
      return [path.join(source.root, 'projects')];
    case 'gemini':
      return [path.join(source.root, 'tmp')];
  }
}

/** Every log file of `source`, in a stable order. */
export async function discoverFiles(source: UsageSource): Promise<DiscoveredFile[]> {
  switch (source.provider) {
    case 'codex': {
      const active: string[] = [];
      const archived: string[] = [];
      await Promise.all([walk(path.join(source.root, 'sessions'), isRollout, active), walk(path.join(source.root, 'archived_sessions'), isRollout, archived)]);
      const names = archived.length > 0 ? new Set(active.map((file) => path.basename(file))) : null;
      // Active sessions first: when a copy cannot be told from its original, the first read wins.
      return [...active.sort(), ...archived.filter((file) => !names!.has(path.basename(file))).sort()].map((file) => ({
        path: file,
        kind: 'codex',
        source,
      }));
    }
    case 'claude': {
      const files: string[] = [];
      await walk(path.join(source.root, 'projects'), (name) => name.endsWith('.jsonl'), files);
      return files.sort().map((file) => ({ path: file, kind: 'claude', source }));
    }
    case 'gemini':
      return discoverGemini(source);
  }
}

async function discoverGemini(source: UsageSource): Promise<DiscoveredFile[]> {
  const tmp = path.join(source.root, 'tmp');
  const slugToPath = await readGeminiProjects(source.root);
  let projects;
  try {
    projects = await readdir(tmp, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: DiscoveredFile[] = [];
  for (const entry of projects) {
    if (!entry.isDirectory()) continue;
    const dir = path.join(tmp, entry.name);
    const marker = await readFile(path.join(dir, '.project_root'), 'utf8').then(
      (text) => text.trim() || null,
      () => null,
    );
    const project: GeminiProject = { key: entry.name, cwd: slugToPath.get(entry.name) ?? marker };
    const files: string[] = [];
    await walk(path.join(dir, 'chats'), (name) => name.endsWith('.jsonl') || (name.startsWith('session-') && name.endsWith('.json')), files);
    for (const file of files.sort()) {
      out.push({ path: file, kind: file.endsWith('.json') ? 'gemini-json' : 'gemini-jsonl', source, project });
    }
  }
  return out;
}

/** `projects.json` (`{"projects": {"<abs path>": "<slug>"}}`) inverted: slug → path. */
async function readGeminiProjects(root: string): Promise<Map<string, string>> {
  const map = new Map<string, string>();
  try {
    const doc: unknown = JSON.parse(await readFile(path.join(root, 'projects.json'), 'utf8'));
    if (isObject(doc) && isObject(doc.projects)) {
      for (const [projectPath, slug] of Object.entries(doc.projects)) if (typeof slug === 'string') map.set(slug, projectPath);
    }
  } catch {
    // No registry (Gemini < 0.29 or never run): legacy hash dirs are matched against roots later.
  }
  return map;
}

/** Which source a changed path belongs to and how to read it; null when it is not a log file. */
export function classifyPath(file: string, sources: readonly UsageSource[]): { source: UsageSource; kind: FileKind } | null {
  const name = path.basename(file);
  for (const source of sources) {
    const rel = path.relative(source.root, file);
    if (rel.startsWith('..') || path.isAbsolute(rel)) continue;
    const top = rel.split(path.sep)[0];
    if (source.provider === 'codex' && (top === 'sessions' || top === 'archived_sessions') && isRollout(name)) return { source, kind: 'codex' };
    if (source.provider === 'claude' && top === 'projects' && name.endsWith('.jsonl')) return { source, kind: 'claude' };
    if (source.provider === 'gemini' && top === 'tmp' && rel.split(path.sep).includes('chats')) {
      if (name.endsWith('.jsonl')) return { source, kind: 'gemini-jsonl' };
      if (name.startsWith('session-') && name.endsWith('.json')) return { source, kind: 'gemini-json' };
    }
  }
  return null;
}
