import type { ComponentChildren, Ref } from 'preact';

interface Props {
  /** Column headings, in order. */
  columns: string[];
  /** A last column of row buttons, headed for screen readers only. */
  actions?: boolean;
  /** Classes besides `table table-stack` (rows stack into cards on a phone). */
  class?: string;
  tableRef?: Ref<HTMLTableElement>;
  /** What the table lists, for screen readers (a visually hidden caption). */
  caption?: string;
  /** The rows. */
  children: ComponentChildren;
}

/** The dashboard's list table: headed columns, rows that stack on a phone (each cell labels itself with data-label). */
export function DataTable({ columns, actions, class: extra, tableRef, caption, children }: Props) {
  return (
    <table class={extra ? `table table-stack ${extra}` : 'table table-stack'} ref={tableRef}>
      {caption ? <caption class="visually-hidden">{caption}</caption> : null}
      <thead>
        <tr>
          {columns.map((name) => (
            <th scope="col" key={name}>
              {name}
            </th>
          ))}
          {actions ? (
            <th scope="col">
              <span class="visually-hidden">Actions</span>
            </th>
          ) : null}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}
