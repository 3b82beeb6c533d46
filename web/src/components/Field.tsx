import type { ReactNode } from 'react';

interface FieldProps {
  label: string;
  htmlFor: string;
  hint?: ReactNode;
  errors?: string[] | undefined;
  optional?: boolean;
  children: ReactNode;
  className?: string;
}

/** A labelled form control with its hint and its errors (from the browser's checks or the server's). */
export function Field({ label, htmlFor, hint, errors, optional, children, className }: FieldProps) {
  const invalid = errors !== undefined && errors.length > 0;
  return (
    <div className={`field${invalid ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={htmlFor}>
        {label}
        {optional && <span className="optional"> (optional)</span>}
      </label>
      {children}
      {hint && <div className="hint" id={`${htmlFor}-hint`}>{hint}</div>}
      {invalid && (
        <ul className="field-errors" id={`${htmlFor}-errors`} data-testid={`${htmlFor}-errors`}>
          {errors.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** aria attributes that tie a control to its hint and errors. */
export function describedBy(id: string, hint: boolean, errors: string[] | undefined): { 'aria-describedby'?: string; 'aria-invalid'?: boolean } {
  const ids = [hint ? `${id}-hint` : '', errors && errors.length > 0 ? `${id}-errors` : ''].filter(Boolean);
  return {
    ...(ids.length > 0 ? { 'aria-describedby': ids.join(' ') } : {}),
    ...(errors && errors.length > 0 ? { 'aria-invalid': true } : {}),
  };
}
