import type { ComponentChildren } from 'preact';
import { FieldError } from './field-error.tsx';

interface ShellProps {
  id: string;
  label: ComponentChildren;
  /** The field's validation message, if any. */
  error?: string | undefined;
  /** What the field is for, under it. */
  help?: ComponentChildren;
  /** A second help text (its id and words), such as an estimate that changes with the value. */
  extraHelp?: { id: string; text: ComponentChildren } | undefined;
  /** The control, given the ids of the help texts that describe it. */
  children: (helpIds: string[]) => ComponentChildren;
}

/** The aria-describedby of a control: its help texts, then its error (`{id}-error`) when it has one. */
export function describedBy(id: string, error: string | undefined, helpIds: string[] = []): string | undefined {
  return [...helpIds, error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
}

/**
 * A form field: its label, the control, the error under it and its help, linked to the control
 * with aria-describedby so a screen reader reads them with it.
 */
export function FormField({ id, label, error, help, extraHelp, children }: ShellProps) {
  const helpIds = [help ? `${id}-help` : '', extraHelp?.id ?? ''].filter(Boolean);
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {children(helpIds)}
      <FieldError id={`${id}-error`} message={error} />
      {help ? (
        <p class="help" id={`${id}-help`}>
          {help}
        </p>
      ) : null}
      {extraHelp ? (
        <p class="help" id={extraHelp.id}>
          {extraHelp.text}
        </p>
      ) : null}
    </div>
  );
}

interface TextFieldProps extends Omit<ShellProps, 'children' | 'extraHelp'> {
  value: string;
  onInput: (value: string) => void;
  /** A text area of this many rows instead of a one-line input. */
  rows?: number;
  type?: 'text' | 'email' | 'url';
  maxLength?: number;
  placeholder?: string;
  autoComplete?: string;
  spellcheck?: boolean;
  autoCapitalize?: 'off' | 'none';
}

/** A labelled text input (or, with `rows`, a text area) with its error and help. */
export function TextField({ id, label, error, help, value, onInput, rows, type = 'text', ...attributes }: TextFieldProps) {
  return (
    <FormField id={id} label={label} error={error} help={help}>
      {(helpIds) => {
        const common = { id, value, ...attributes, 'aria-invalid': error ? ('true' as const) : undefined, 'aria-describedby': describedBy(id, error, helpIds) };
        return rows ? (
          <textarea {...common} rows={rows} onInput={(e) => onInput(e.currentTarget.value)} />
        ) : (
          <input {...common} type={type} onInput={(e) => onInput(e.currentTarget.value)} />
        );
      }}
    </FormField>
  );
}
