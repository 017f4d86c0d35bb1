/** A ranked list with proportional bars: cost by department, by model… Plain HTML, no chart library. */
export function BarList(props: {
  label: string;
  items: readonly { key: string; label: string; value: number; display: string }[];
}) {
  const max = Math.max(0, ...props.items.map((item) => item.value));
  return (
    <ul class="bar-list" aria-label={props.label}>
      {props.items.map((item) => (
        <li key={item.key}>
          <span class="bar-label">{item.label}</span>
          <span class="bar-track" aria-hidden="true">
            <span
              class="bar-fill"
              style={{ width: `${max > 0 ? (item.value / max) * 100 : 0}%` }}
            />
          </span>
          <span class="bar-value">{item.display}</span>
        </li>
      ))}
    </ul>
  );
}
