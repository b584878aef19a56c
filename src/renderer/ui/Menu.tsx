/**
 * A dropdown menu (Radix DropdownMenu: arrow keys, type-ahead, Escape, focus returns to the
 * trigger, `menu`/`menuitem` roles) with our theme.
 */
import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import type { LucideIcon } from 'lucide-react';
import type { ReactNode } from 'react';

export interface MenuItem {
  label: string;
  icon?: LucideIcon;
  onSelect?: () => void;
  /** A line of information rather than an action. */
  info?: boolean;
  shortcut?: string;
}

export function Menu({ trigger, items, label }: { trigger: ReactNode; items: readonly MenuItem[]; label: string }) {
  return (
    <DropdownMenu.Root modal={false}>
      <DropdownMenu.Trigger asChild>{trigger}</DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content className="menu" aria-label={label} align="end" sideOffset={4} collisionPadding={8}>
          {items.map((item) =>
            item.info ? (
              <DropdownMenu.Label key={item.label} className="menu__info">
                {item.label}
              </DropdownMenu.Label>
            ) : (
              <DropdownMenu.Item key={item.label} className="menu__item" onSelect={() => item.onSelect?.()}>
                {item.icon && <item.icon size={14} aria-hidden="true" />}
                <span className="menu__label">{item.label}</span>
                {item.shortcut && <kbd className="menu__kbd">{item.shortcut}</kbd>}
              </DropdownMenu.Item>
            ),
          )}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
