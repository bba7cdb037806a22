import type { ComponentChildren } from 'preact';
import { FieldError } from './field-error.tsx';

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
  describedBy?: string[] | undefined;
}

/** A number input: the right keypad on phones, its limits, and its error and help linked for screen readers. */
export function NumberInput({ id, value, onInput, min, max, decimal, placeholder, error, describedBy = [] }: InputProps) {
  const described = [...describedBy, error ? `${id}-error` : ''].filter(Boolean).join(' ');
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
      aria-describedby={described || undefined}
      onInput={(e) => onInput(e.currentTarget.value)}
    />
  );
}

interface FieldProps extends Omit<InputProps, 'describedBy'> {
  label: ComponentChildren;
  /** What the number means, under the input. */
  help: ComponentChildren;
  /** A second help text (its id and words), such as an estimate that changes with the value. */
  extraHelp?: { id: string; text: ComponentChildren } | undefined;
}

/** A labelled number input with its error and help: the settings forms' one way to ask for a number. */
export function NumberField({ label, help, extraHelp, ...input }: FieldProps) {
  const { id, error } = input;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <NumberInput {...input} describedBy={[`${id}-help`, ...(extraHelp ? [extraHelp.id] : [])]} />
      <FieldError id={`${id}-error`} message={error} />
      <p class="help" id={`${id}-help`}>
        {help}
      </p>
      {extraHelp ? (
        <p class="help" id={extraHelp.id}>
          {extraHelp.text}
        </p>
      ) : null}
    </div>
  );
}
