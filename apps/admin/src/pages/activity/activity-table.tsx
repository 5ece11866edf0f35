import type { ComponentChildren } from 'preact';

/** The Activity page's tables: a caption for screen readers, a header row, and rows that turn into cards on a phone. */
export function ActivityTable({ caption, columns, children }: { caption: string; columns: readonly string[]; children: ComponentChildren }) {
  return (
    <div class="table-scroll">
      <table class="data-table activity-table">
        <caption class="sr-only">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th scope="col" key={column}>
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
