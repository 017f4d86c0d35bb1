import { describeError } from '../api/api-error.js';

/** What failed, why, and a way to try again. */
export function ErrorState(props: { what: string; error: unknown; onRetry?: () => void }) {
  return (
    <div class="error-state" role="alert">
      <p class="error-state-title">Could not load {props.what}.</p>
      <p>{describeError(props.error)}</p>
      {props.onRetry ? (
        <button type="button" class="button" onClick={props.onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}
