/**
 * A themed checkbox: a `role="checkbox"` button with `aria-checked`, toggled by a click, by Space
 * (a button's own activation) and by a click on its label text; Enter does nothing, as for a
 * native checkbox inside a form (WAI-ARIA checkbox pattern). A native checkbox draws in the OS's
 * colours (light on a dark dialog). `@radix-ui/react-checkbox` would be the maintained choice but
 * is not installed here; this is the same markup it renders (a button with the role), so tests and
 * assistive technology see the same thing, and the swap is a one-file change.
 */
import type { ReactNode } from 'react';
import { Check } from 'lucide-react';

export interface CheckboxProps {
  checked: boolean;
  onCheckedChange: (checked: boolean) => void;
  /** The visible label next to the box (clicking it toggles). */
  children?: ReactNode;
  /** The accessible name when the visible label is not enough (e.g. a list of folder names). */
  label?: string;
  disabled?: boolean;
  /** Class of the wrapping label (layout of box and text). */
  className?: string;
  title?: string;
  testId?: string;
}

export function Checkbox({ checked, onCheckedChange, children, label, disabled, className, title, testId }: CheckboxProps) {
  return (
    <label className={className ?? 'checkbox'} title={title} data-disabled={disabled ? '' : undefined}>
      <button
        type="button"
        role="checkbox"
        aria-checked={checked}
        aria-label={label}
        disabled={disabled}
        data-state={checked ? 'checked' : 'unchecked'}
        data-testid={testId}
        className="checkbox__box"
        onClick={() => onCheckedChange(!checked)}
        onKeyDown={(event) => {
          // A checkbox toggles on Space only; Enter must neither toggle it nor submit the form.
          if (event.key === 'Enter') event.preventDefault();
        }}
      >
        {checked && <Check size={11} strokeWidth={3} aria-hidden="true" />}
      </button>
      {children}
    </label>
  );
}
