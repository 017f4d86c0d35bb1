import type { ComponentChildren } from 'preact';

/** Nothing to show yet, said plainly, with the next step when there is one. */
export function EmptyState(props: { title: string; children?: ComponentChildren }) {
  return (
    <div class="empty-state">
      <p class="empty-state-title">{props.title}</p>
      {props.children}
    </div>
  );
}
