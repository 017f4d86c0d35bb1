import type { ComponentChildren } from 'preact';
import { isApiError } from '../api/api-error.js';

/** A labelled form control with an optional hint and the server's complaint about it. */
export function Field(props: {
  id: string;
  label: string;
  hint?: string;
  error?: string | undefined;
  children: ComponentChildren;
}) {
  return (
    <div class={props.error ? 'field field-invalid' : 'field'}>
      <label for={props.id}>{props.label}</label>
      {props.children}
      {props.hint ? (
        <p class="field-hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p class="field-error" id={`${props.id}-error`}>
          {props.error}
        </p>
      ) : null}
    </div>
  );
}

/** The message a `validation_failed` error gives for one field (its path, e.g. "name"). */
export function fieldError(error: unknown, path: string): string | undefined {
  if (!isApiError(error)) return undefined;
  return error.fieldProblems.find((problem) => problem.path === path)?.message;
}

/** `aria-describedby` for a control with a hint and/or an error. */
export function describedBy(id: string, options: { hint?: boolean; error?: string | undefined }) {
  const ids = [options.hint ? `${id}-hint` : '', options.error ? `${id}-error` : '']
    .filter(Boolean)
    .join(' ');
  return ids || undefined;
}
