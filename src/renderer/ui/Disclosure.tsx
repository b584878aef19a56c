/**
 * A section that opens and closes (what a native details element does, with the theme's look and a proper
 * button): the heading is a button with `aria-expanded` and `aria-controls`, Enter and Space
 * toggle it, and the closed content is `hidden` (out of the tab order and the accessibility
 * tree). `@radix-ui/react-collapsible` would be the maintained choice but is not installed here.
 */
import { useId, useState, type ReactNode } from 'react';
import { ChevronRight } from 'lucide-react';

export interface DisclosureProps {
  /** The heading's text (the button's name). */
  summary: ReactNode;
  children: ReactNode;
  defaultOpen?: boolean;
  /** Class of the wrapper. */
  className?: string;
  /** Class of the heading button (beside `disclosure__toggle`). */
  summaryClassName?: string;
  testId?: string;
}

export function Disclosure({ summary, children, defaultOpen = false, className, summaryClassName, testId }: DisclosureProps) {
  const [open, setOpen] = useState(defaultOpen);
  const contentId = useId();
  return (
    <div className={`disclosure${className ? ` ${className}` : ''}`} data-state={open ? 'open' : 'closed'} data-testid={testId}>
      <button
        type="button"
        className={`disclosure__toggle${summaryClassName ? ` ${summaryClassName}` : ''}`}
        aria-expanded={open}
        aria-controls={contentId}
        onClick={() => setOpen((value) => !value)}
      >
        <ChevronRight size={12} aria-hidden="true" className="disclosure__chevron" />
        {summary}
      </button>
      <div id={contentId} className="disclosure__content" hidden={!open}>
        {children}
      </div>
    </div>
  );
}
