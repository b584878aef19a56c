/**
 * The command palette (cmdk inside a Radix dialog): every action by name, fuzzy-searched, with
 * its shortcut. Opened with Ctrl/Cmd+K (see shortcuts.ts for the terminal exception) or from
 * the header's search button; Escape closes it and gives the focus back.
 */
import * as Dialog from '@radix-ui/react-dialog';
import { Command } from 'cmdk';
import { useMemo, useRef, useSyncExternalStore } from 'react';
import { useAppStore, useServices } from '../app/services.ts';
import { toListing, type CachedListing } from '../data/worktree-data.ts';
import { buildCommands, type CommandGroup } from './commands.ts';
import { handFocusOver, useOpener } from '../feedback/ModalForm.tsx';
import './palette.css';

const GROUP_ORDER: CommandGroup[] = ['Panes', 'Worktrees', 'Agents', 'Repositories', 'View', 'Help'];

export function CommandPalette() {
  const services = useServices();
  const open = useAppStore((state) => state.paletteOpen);
  // Only while open: the commands are rebuilt from the state it opened with.
  const state = useAppStore((s) => (s.paletteOpen ? s : null));
  const theme = useThemePreference();
  // Worktrees as the cache holds them when the palette opens (the sidebar keeps them current).
  const commands = useMemo(
    () =>
      state
        ? buildCommands(state, services.isMac, theme, (repoId) =>
            toListing(services.queryClient.getQueryData<CachedListing>(services.worktreeData.key(repoId))),
          )
        : [],
    [state, services, theme],
  );

  // Escape or a click outside gives the focus back to what had it (the terminal you typed in, the
  // header button); a command that ran decides the focus itself (a pane, a dialog). cmdk's own
  // Command.Dialog cannot do this (it passes no onCloseAutoFocus to Radix), hence the plain
  // Radix dialog around a Command, as Command.Dialog builds it.
  const opener = useOpener(open);
  const ranCommand = useRef(false);
  const close = () => {
    ranCommand.current = true;
    // A dialog the command opens returns the focus to what the palette would have.
    handFocusOver(opener.current?.isConnected ? opener.current : null);
    services.store.getState().setPaletteOpen(false);
  };
  return (
    <Dialog.Root open={open} onOpenChange={(next) => services.store.getState().setPaletteOpen(next)}>
      <Dialog.Portal>
        <Dialog.Overlay cmdk-overlay="" className="palette__overlay" />
        <Dialog.Content
          aria-label="Command palette"
          aria-describedby={undefined}
          cmdk-dialog=""
          className="palette"
          onCloseAutoFocus={(event) => {
            if (ranCommand.current) event.preventDefault();
            else if (opener.current?.isConnected) {
              event.preventDefault();
              opener.current.focus();
            }
            ranCommand.current = false;
          }}
        >
          <Command label="Command palette" loop>
            <Command.Input className="palette__input" placeholder="Type a command, a worktree or a branch…" aria-label="Command" />
            <Command.List className="palette__list">
              <Command.Empty className="palette__empty">No matching command.</Command.Empty>
              {GROUP_ORDER.map((group) => {
                const inGroup = commands.filter((command) => command.group === group);
                if (inGroup.length === 0) return null;
                return (
                  <Command.Group key={group} heading={group} className="palette__group">
                    {inGroup.map((command) => (
                      <Command.Item
                        key={command.id}
                        value={command.id}
                        keywords={[command.title, ...(command.keywords ?? [])]}
                        className="palette__item"
                        data-command-id={command.id}
                        onSelect={() => {
                          close();
                          void command.run(services);
                        }}
                      >
                        <span className="palette__title">{command.title}</span>
                        {command.shortcut && <kbd className="palette__kbd">{command.shortcut}</kbd>}
                      </Command.Item>
                    ))}
                  </Command.Group>
                );
              })}
            </Command.List>
          </Command>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

/** The theme preference, re-rendering when it changes (null without a theme controller). */
export function useThemePreference() {
  const { theme } = useServices();
  return useSyncExternalStore(
    (listener) => theme?.subscribe(listener) ?? (() => undefined),
    () => theme?.get().preference ?? null,
  );
}
