/**
 * A themed tooltip around one element (Radix Tooltip): shown on hover and on keyboard focus,
 * linked to its trigger for screen readers (`aria-describedby`), dismissed with Escape, placed
 * to stay on screen. Replaces the `title` attribute, which keyboard users never see, that
 * ignores the theme, and that waits a second and a half before showing.
 *
 * The child must accept a ref and pointer/focus handlers (a DOM element or a forwardRef
 * component). Without content the child is returned as it is.
 */
import * as Tooltip from '@radix-ui/react-tooltip';
import type { ReactElement, ReactNode } from 'react';

export function Tip({ content, side = 'bottom', children }: { content: ReactNode; side?: 'top' | 'bottom' | 'left' | 'right'; children: ReactElement }) {
  if (content === null || content === undefined || content === '' || content === false) return children;
  return (
    <Tooltip.Root>
      <Tooltip.Trigger asChild>{children}</Tooltip.Trigger>
      <Tooltip.Portal>
        <Tooltip.Content className="tooltip" side={side} sideOffset={4} collisionPadding={8}>
          {content}
        </Tooltip.Content>
      </Tooltip.Portal>
    </Tooltip.Root>
  );
}
