/**
 * An icon-only button with an accessible name and a themed tooltip (Radix Tooltip: shown on
 * hover and on keyboard focus, announced to screen readers, dismissed with Escape).
 */
import * as Tooltip from '@radix-ui/react-tooltip';
import type { LucideIcon } from 'lucide-react';
import { forwardRef, type ButtonHTMLAttributes } from 'react';

export interface IconButtonProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'children'> {
  icon: LucideIcon;
  /** The accessible name (what a screen reader says, and what tests click). */
  label: string;
  /** Longer text for the tooltip (default: the label). */
  tip?: string;
  /** Shown after the tip, e.g. `Ctrl+Shift+Enter`. */
  shortcut?: string;
  tone?: 'default' | 'danger';
}

export const IconButton = forwardRef<HTMLButtonElement, IconButtonProps>(function IconButton(
  { icon: Icon, label, tip, shortcut, tone = 'default', className, ...rest },
  ref,
) {
  return (
    <Tooltip.Root>
      <Tooltip.Trigger asChild>
        <button
          ref={ref}
          type="button"
          aria-label={label}
          className={`icon-button${tone === 'danger' ? ' icon-button--danger' : ''}${className ? ` ${className}` : ''}`}
          {...rest}
        >
          <Icon size={14} strokeWidth={2} aria-hidden="true" />
        </button>
      </Tooltip.Trigger>
      <Tooltip.Portal>
        <Tooltip.Content className="tooltip" side="bottom" sideOffset={4} collisionPadding={8}>
          {tip ?? label}
          {shortcut && <kbd className="tooltip__kbd">{shortcut}</kbd>}
        </Tooltip.Content>
      </Tooltip.Portal>
    </Tooltip.Root>
  );
});
