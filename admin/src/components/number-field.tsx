import type { ComponentChildren } from 'preact';
import { describedBy, FormField } from './form-field.tsx';

interface InputProps {
  id: string;
  /** As typed: the form keeps numbers as text until it validates them. */
  value: string | number;
  onInput: (value: string) => void;
  min: number;
  max?: number | undefined;
  /** Allows fractions (a decimal keypad, any step); whole numbers otherwise. */
  decimal?: boolean | undefined;
  placeholder?: string | undefined;
  /** The field's validation message, if any (marks the input invalid). */
  error?: string | undefined;
  /** Ids of the texts that describe the input; the error's id is added when there is one. */
  helpIds?: string[] | undefined;
}

/** A number input: the right keypad on phones, its limits, and its error and help linked for screen readers. */
export function NumberInput({ id, value, onInput, min, max, decimal, placeholder, error, helpIds }: InputProps) {
  return (
    <input
      id={id}
      type="number"
      inputMode={decimal ? 'decimal' : 'numeric'}
      min={min}
      max={max}
      step={decimal ? 'any' : 1}
      placeholder={placeholder}
      value={value}
      aria-invalid={error ? 'true' : undefined}
      aria-describedby={describedBy(id, error, helpIds)}
      onInput={(e) => onInput(e.currentTarget.value)}
    />
  );
}

interface FieldProps extends Omit<InputProps, 'helpIds'> {
  label: ComponentChildren;
  /** What the number means, under the input. */
  help: ComponentChildren;
  /** A second help text (its id and words), such as an estimate that changes with the value. */
  extraHelp?: { id: string; text: ComponentChildren } | undefined;
}

/** A labelled number input with its error and help: the settings forms' one way to ask for a number. */
export function NumberField({ label, help, extraHelp, ...input }: FieldProps) {
  return (
    <FormField id={input.id} label={label} error={input.error} help={help} extraHelp={extraHelp}>
      {(helpIds) => <NumberInput {...input} helpIds={helpIds} />}
    </FormField>
  );
}
