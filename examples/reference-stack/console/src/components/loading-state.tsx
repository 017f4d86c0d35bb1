/** A polite "Loading …" line with a spinner (screen readers hear the text). */
export function LoadingState(props: { label: string }) {
  return (
    <p class="loading-state" role="status">
      <span class="spinner" aria-hidden="true" />
      Loading {props.label}…
    </p>
  );
}
