import type { ComponentChildren } from 'preact';

/** One headline number with its label. */
export function StatCard(props: {
  label: string;
  value: ComponentChildren;
  detail?: ComponentChildren;
}) {
  return (
    <div class="stat-card">
      <p class="stat-label">{props.label}</p>
      <p class="stat-value">{props.value}</p>
      {props.detail ? <p class="stat-detail">{props.detail}</p> : null}
    </div>
  );
}
