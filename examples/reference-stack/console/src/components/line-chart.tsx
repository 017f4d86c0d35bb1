import { useEffect, useRef, useState } from 'preact/hooks';
import type uPlot from 'uplot';
import { formatPeriod, periodStart } from '../format/periods.js';

export interface ChartSeries {
  readonly label: string;
  readonly values: readonly number[];
  readonly color: string;
}

/**
 * A line chart drawn with uPlot, which loads only when a chart is on screen (it stays out of the
 * initial JavaScript). Axis labels use the reader's locale; the numbers are also in a table
 * for keyboard and screen-reader users.
 */
export function LineChart(props: {
  title: string;
  periods: readonly string[];
  series: readonly ChartSeries[];
  format: (value: number) => string;
}) {
  const container = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    let chart: uPlot | undefined;
    let observer: ResizeObserver | undefined;
    let cancelled = false;
    Promise.all([import('uplot'), import('uplot/dist/uPlot.min.css')]).then(
      ([module]) => {
        if (cancelled) return;
        const UPlot = module.default;
        const x = props.periods.map((period) => periodStart(period) / 1_000);
        const dateLabel = (seconds: number) =>
          formatPeriod(new Date(seconds * 1_000).toISOString().slice(0, 10));
        chart = new UPlot(
          {
            width: Math.max(280, element.clientWidth),
            height: 240,
            scales: { x: { time: true } },
            axes: [
              { values: (_chart, splits) => splits.map(dateLabel) },
              { values: (_chart, splits) => splits.map(props.format), size: 80 },
            ],
            series: [
              { value: (_chart, value) => (value == null ? '' : dateLabel(value)) },
              ...props.series.map((series) => ({
                label: series.label,
                stroke: series.color,
                width: 2,
                value: (_chart: uPlot, value: number | null) =>
                  value == null ? '' : props.format(value),
              })),
            ],
          },
          [x, ...props.series.map((series) => [...series.values])],
          element,
        );
        observer = new ResizeObserver(() => {
          chart?.setSize({ width: Math.max(280, element.clientWidth), height: 240 });
        });
        observer.observe(element);
      },
      () => setFailed(true),
    );
    return () => {
      cancelled = true;
      observer?.disconnect();
      chart?.destroy();
    };
  }, [props.periods, props.series, props.format]);

  return (
    <figure class="chart">
      <figcaption>{props.title}</figcaption>
      {failed ? (
        <p role="alert">The chart could not be drawn; the numbers are in the table below.</p>
      ) : null}
      <div ref={container} class="chart-canvas" aria-hidden="true" />
      <details>
        <summary>Show the numbers</summary>
        <table class="data-table">
          <caption class="visually-hidden">{props.title}</caption>
          <thead>
            <tr>
              <th scope="col">Period</th>
              {props.series.map((series) => (
                <th scope="col" class="numeric" key={series.label}>
                  {series.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.periods.map((period, index) => (
              <tr key={period}>
                <th scope="row">{formatPeriod(period)}</th>
                {props.series.map((series) => (
                  <td class="numeric" key={series.label}>
                    {props.format(series.values[index] ?? 0)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
