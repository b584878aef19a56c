/**
 * Every action of the app as a named command, for the command palette and the shortcut sheet.
 *
 * Pure: built from the store's state and the platform, so a test can list them; `run` does the
 * work through the same actions the buttons use.
 */
import type { AppServices } from '../app/services.ts';
import type { WorktreeListing } from '../data/worktree-data.ts';
import { focusPaneNumber, openShell, requestClosePane, toggleMaximized } from '../grid/pane-actions.ts';
import { gridShape } from '../grid/grid-layout.ts';
import { paneTitle } from '../grid/pane-title.ts';
import { shapeKey } from '../../shared/layout/splits.ts';
import { paletteShortcutLabel, shortcutLabel } from '../keyboard/shortcuts.ts';
import { folderName } from '../repos/worktree-label.ts';
import type { AppState } from '../store/app-store.ts';
import type { ThemePreference } from '../theme/theme.ts';

export type CommandGroup = 'Panes' | 'Worktrees' | 'Agents' | 'Repositories' | 'View' | 'Help';

export interface Command {
  /** Stable id (tests, React keys). */
  id: string;
  title: string;
  group: CommandGroup;
  /** Extra words fuzzy search matches (branch names, paths). */
  keywords?: string[];
  shortcut?: string;
  run(services: AppServices): void | Promise<void>;
}

/** A repository's worktrees as the query cache holds them (null until read). */
export type WorktreesOf = (repoId: string) => WorktreeListing | null;

/** The commands available in this state, most useful groups first. */
export function buildCommands(state: AppState, isMac: boolean, theme: ThemePreference | null, worktreesOf: WorktreesOf = () => null): Command[] {
  const commands: Command[] = [];
  const { layout, server } = state;

  layout.panes.forEach((sessionId, index) => {
    const session = server.sessions.get(sessionId);
    if (!session) return;
    const title = paneTitle(session, server.repos, session.repoId === null ? null : worktreesOf(session.repoId));
    const text = [title.repo, title.folder, title.branch].filter(Boolean).join(' · ');
    commands.push({
      id: `pane.focus.${sessionId}`,
      title: `Go to pane ${index + 1}: ${text}`,
      group: 'Panes',
      keywords: [session.cwd],
      ...(index < 9 ? { shortcut: shortcutLabel(isMac, { key: String(index + 1) }) } : {}),
      run: (services) => focusPaneNumber(services, index),
    });
  });
  if (layout.panes.length > 0) {
    commands.push({
      id: 'pane.maximize',
      title: layout.maximized ? 'Restore the grid' : 'Maximize the focused pane',
      group: 'Panes',
      shortcut: shortcutLabel(isMac, { shift: true, key: 'Enter' }),
      run: (services) => toggleMaximized(services, null),
    });
  }
  // Resized columns or rows of the grid as shown: one command puts them back to even.
  const shape = shapeKey(gridShape(layout.panes.length));
  if (layout.maximized === null && layout.splits?.[shape]) {
    commands.push({
      id: 'pane.splits.even',
      title: 'Split the panes evenly',
      group: 'Panes',
      keywords: ['resize', 'reset', 'gutter', 'size'],
      run: (services) => services.layoutCommands.run({ type: 'resize', shape, sizes: null }),
    });
  }
  if (layout.focused) {
    const focused = layout.focused;
    commands.push({ id: 'pane.close', title: 'Close the focused pane', group: 'Panes', run: (services) => requestClosePane(services, focused) });
  }

  for (const repo of server.repos) {
    commands.push({
      id: `worktree.create.${repo.id}`,
      title: `New worktree in ${repo.name}…`,
      group: 'Worktrees',
      keywords: [repo.path, 'create', 'branch'],
      run: (services) => services.store.getState().openCreateWorktree(repo.id),
    });
    for (const worktree of worktreesOf(repo.id)?.worktrees ?? []) {
      if (worktree.missing || worktree.prunable) continue;
      const folder = folderName(worktree.path);
      const keywords = [repo.name, worktree.path, ...(worktree.branch ? [worktree.branch] : [])];
      commands.push({
        id: `agent.start.${worktree.path}`,
        title: `Start an agent in ${folder}…`,
        group: 'Agents',
        keywords: [...keywords, 'codex', 'claude', 'gemini', 'launch'],
        run: (services) => services.store.getState().openAgentDialog({ kind: 'launch', repoId: repo.id, worktreePath: worktree.path }),
      });
      commands.push({
        id: `shell.open.${worktree.path}`,
        title: `Open a shell in ${folder}`,
        group: 'Worktrees',
        keywords: [...keywords, 'terminal'],
        run: (services) => openShell(services, repo, worktree),
      });
    }
  }

  commands.push({
    id: 'repo.add',
    title: 'Add a repository…',
    group: 'Repositories',
    keywords: ['open', 'folder', 'git'],
    run: (services) => focusAddRepository(services),
  });

  commands.push(
    {
      id: 'view.sidebar',
      title: state.sidebarCollapsed ? 'Show the sidebar' : 'Hide the sidebar',
      group: 'View',
      shortcut: shortcutLabel(isMac, { shift: true, key: 'B' }),
      run: (services) => services.store.getState().toggleSidebar(),
    },
    {
      id: 'view.usage',
      title: state.usagePageOpen ? 'Close the usage page' : 'Open the usage page',
      group: 'View',
      keywords: ['tokens', 'cost', 'quota', 'limits'],
      run: (services) => services.store.getState().setUsagePageOpen(!services.store.getState().usagePageOpen),
    },
  );
  if (theme !== null) {
    const themes: [ThemePreference, string][] = [
      ['system', 'Theme: follow the system'],
      ['light', 'Theme: light'],
      ['dark', 'Theme: dark'],
    ];
    for (const [preference, title] of themes) {
      commands.push({
        id: `theme.${preference}`,
        title: preference === theme ? `${title} (current)` : title,
        group: 'View',
        keywords: ['appearance', 'color', 'mode'],
        run: (services) => services.theme?.setPreference(preference),
      });
    }
  }
  commands.push(
    {
      id: 'help.shortcuts',
      title: 'Keyboard shortcuts',
      group: 'Help',
      shortcut: '?',
      keywords: ['keys', 'help'],
      run: (services) => services.store.getState().setShortcutSheetOpen(true),
    },
    {
      id: 'help.palette',
      title: 'Command palette',
      group: 'Help',
      shortcut: paletteShortcutLabel(isMac),
      run: (services) => services.store.getState().setPaletteOpen(true),
    },
  );
  return commands;
}

/** Put the keyboard in the sidebar's "Add repository" field (showing the sidebar first). */
function focusAddRepository(services: AppServices): void {
  if (services.store.getState().sidebarCollapsed) services.store.getState().toggleSidebar();
  // After the palette closed and gave focus back, and the sidebar rendered: next frames.
  setTimeout(() => document.querySelector<HTMLInputElement>('#add-repo-path')?.focus(), 30);
}

/** Every shortcut, for the sheet (`?`). */
export function shortcutSheet(isMac: boolean): { keys: string; what: string }[] {
  return [
    { keys: paletteShortcutLabel(isMac), what: 'Command palette: every action by name' },
    ...(isMac ? [] : [{ keys: 'Ctrl+K', what: 'Command palette (outside a terminal, where Ctrl+K deletes to the end of the line)' }]),
    { keys: shortcutLabel(isMac, { key: '1…9' }), what: 'Focus pane 1…9 (the keyboard goes into its terminal)' },
    { keys: shortcutLabel(isMac, { shift: true, key: 'Enter' }), what: 'Maximize the focused pane / restore the grid' },
    { keys: shortcutLabel(isMac, { shift: true, key: 'B' }), what: 'Show / hide the sidebar' },
    { keys: `? or ${shortcutLabel(isMac, { key: '/' })}`, what: 'This sheet' },
    { keys: 'Esc', what: 'Close a dialog, menu or the palette' },
    { keys: 'Tab / Shift+Tab', what: 'Move between controls; dialogs keep the focus inside' },
  ];
}
