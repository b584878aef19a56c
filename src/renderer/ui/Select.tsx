/**
 * A themed select (Radix Select): a button that opens a list; arrow keys, type-ahead, Home/End,
 * Escape, `combobox`/`listbox`/`option` roles, and colours from the theme in both light and dark
 * (a native `<select>` draws its list in the OS's colours, light-grey on a dark dialog).
 *
 * Radix reserves the empty string for "no value": pass `value=""` to show `placeholder`. It is passed
 * as is (not as `undefined`), so the select stays controlled when a value arrives later.
 */
import * as RadixSelect from '@radix-ui/react-select';
import { Check, ChevronDown } from 'lucide-react';

export interface SelectOption {
  value: string;
  label: string;
  disabled?: boolean;
  /** Dimmed text after the label (e.g. "not installed"). */
  hint?: string;
}

export interface SelectProps {
  /** The accessible name (what a screen reader says and tests find). */
  label: string;
  value: string;
  options: readonly SelectOption[];
  onChange: (value: string) => void;
  placeholder?: string;
  disabled?: boolean;
  className?: string;
  title?: string;
  testId?: string;
}

export function Select({ label, value, options, onChange, placeholder, disabled, className, title, testId }: SelectProps) {
  return (
    <RadixSelect.Root value={value} onValueChange={onChange} {...(disabled ? { disabled } : {})}>
      <RadixSelect.Trigger className={`select${className ? ` ${className}` : ''}`} aria-label={label} title={title} data-testid={testId} data-value={value}>
        <RadixSelect.Value placeholder={placeholder ?? 'Choose…'} />
        <RadixSelect.Icon className="select__icon">
          <ChevronDown size={14} aria-hidden="true" />
        </RadixSelect.Icon>
      </RadixSelect.Trigger>
      <RadixSelect.Portal>
        <RadixSelect.Content className="select__content" position="popper" sideOffset={4} collisionPadding={8}>
          <RadixSelect.Viewport className="select__viewport">
            {options.map((option) => (
              <RadixSelect.Item key={option.value} value={option.value} className="select__item" data-value={option.value} {...(option.disabled ? { disabled: true } : {})}>
                <RadixSelect.ItemText>{option.label}</RadixSelect.ItemText>
                {option.hint && <span className="select__hint">{option.hint}</span>}
                <RadixSelect.ItemIndicator className="select__check">
                  <Check size={12} aria-hidden="true" />
                </RadixSelect.ItemIndicator>
              </RadixSelect.Item>
            ))}
          </RadixSelect.Viewport>
        </RadixSelect.Content>
      </RadixSelect.Portal>
    </RadixSelect.Root>
  );
}
