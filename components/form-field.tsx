import type { InputHTMLAttributes } from 'react';

type Props = InputHTMLAttributes<HTMLInputElement> & {
  name: string;
  label: string;
  errors?: string[];
  hint?: string;
};

/**
 * A labelled input whose errors are announced with it (aria-describedby, aria-invalid). Its id is
 * `field-<name>` unless given: a page with one form per row gives each its own.
 */
export function FormField({ name, label, errors, hint, id = `field-${name}`, ...input }: Props) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors?.length ? `${id}-error` : undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        aria-invalid={errorId ? true : undefined}
        aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined}
        {...input}
      />
      {hint && (
        <p id={hintId} className="hint">
          {hint}
        </p>
      )}
      {errorId && (
        <ul id={errorId} className="field-error">
          {errors?.map((error) => <li key={error}>{error}</li>)}
        </ul>
      )}
    </div>
  );
}
