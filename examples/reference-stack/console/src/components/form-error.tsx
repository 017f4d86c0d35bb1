import { describeError } from '../api/api-error.js';

/** The reason a change was refused, announced to screen readers. */
export function FormError(props: { error: unknown }) {
  if (props.error === undefined) return null;
  return (
    <p class="form-error" role="alert">
      {describeError(props.error)}
    </p>
  );
}
