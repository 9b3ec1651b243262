import { type InputHTMLAttributes, type ReactNode, type TextareaHTMLAttributes, useId } from 'react';
import './text-field.css';

type FieldChrome = {
  label: ReactNode;
  hint?: ReactNode;
  /** Shown instead of the hint, and marks the control invalid. */
  error?: ReactNode;
  /** Right-aligned under the control, e.g. a character counter. */
  aside?: ReactNode;
  /** Rendered inside the control's box, after the input (e.g. a show-password toggle). */
  trailing?: ReactNode;
};

function useFieldIds(id: string | undefined) {
  const generated = useId();
  const base = id ?? generated;
  return { id: base, hintId: `${base}-hint` };
}

function Footer({ hintId, hint, error, aside }: { hintId: string } & Omit<FieldChrome, 'label'>) {
  if (!hint && !error && !aside) return null;
  return (
    <div className="field__footer">
      <p id={hintId} className={error ? 'field__error' : 'field__hint'} role={error ? 'alert' : undefined}>
        {error ?? hint}
      </p>
      {aside ? <span className="field__aside">{aside}</span> : null}
    </div>
  );
}

export type TextFieldProps = FieldChrome & Omit<InputHTMLAttributes<HTMLInputElement>, 'children'>;

export function TextField({ label, hint, error, aside, trailing, id, className, ...input }: TextFieldProps) {
  const ids = useFieldIds(id);
  const describedBy = hint || error ? ids.hintId : undefined;
  return (
    <div className={`field ${className ?? ''}`}>
      <label className="field__label" htmlFor={ids.id}>
        {label}
      </label>
      <div className={`field__box ${error ? 'field__box--invalid' : ''}`}>
        <input id={ids.id} className="field__control" aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...input} />
        {trailing}
      </div>
      <Footer hintId={ids.hintId} hint={hint} error={error} aside={aside} />
    </div>
  );
}

export type TextAreaFieldProps = FieldChrome & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'children'>;

export function TextAreaField({ label, hint, error, aside, id, className, ...textarea }: TextAreaFieldProps) {
  const ids = useFieldIds(id);
  const describedBy = hint || error ? ids.hintId : undefined;
  return (
    <div className={`field ${className ?? ''}`}>
      <label className="field__label" htmlFor={ids.id}>
        {label}
      </label>
      <div className={`field__box ${error ? 'field__box--invalid' : ''}`}>
        <textarea
          id={ids.id}
          className="field__control field__control--multiline"
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          {...textarea}
        />
      </div>
      <Footer hintId={ids.hintId} hint={hint} error={error} aside={aside} />
    </div>
  );
}
