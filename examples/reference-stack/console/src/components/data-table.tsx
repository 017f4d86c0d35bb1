import type { ComponentChildren } from 'preact';

export interface Column<T> {
  readonly header: string;
  readonly render: (row: T) => ComponentChildren;
  /** Right-aligned numbers. */
  readonly numeric?: boolean;
}

/**
 * A table with a caption; at phone width each row becomes a card whose cells carry their column
 * name (CSS reads `data-label`).
 */
export function DataTable<T>(props: {
  caption: string;
  columns: readonly Column<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string;
  captionHidden?: boolean;
}) {
  return (
    <div class="table-scroll">
      <table class="data-table">
        <caption class={props.captionHidden ? 'visually-hidden' : undefined}>
          {props.caption}
        </caption>
        <thead>
          <tr>
            {props.columns.map((column) => (
              <th scope="col" key={column.header} class={column.numeric ? 'numeric' : undefined}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr key={props.rowKey(row)}>
              {props.columns.map((column) => (
                <td
                  key={column.header}
                  data-label={column.header}
                  class={column.numeric ? 'numeric' : undefined}
                >
                  {column.render(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
