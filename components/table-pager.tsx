import type { ReactNode } from 'react';
import { Pager, type PagerProps } from './pager';

type Props<Row> = PagerProps & {
  /** The column headings. */
  columns: string[];
  rows: Row[];
  /** One `<tr>` for a row, with its own key. */
  row: (row: Row) => ReactNode;
  /** Said under the headings when the page has no rows. */
  empty: string;
};

/** One page of a list as a table, with the links to the other pages under it. */
export function TablePager<Row>({ columns, rows, row, empty, ...pager }: Props<Row>) {
  return (
    <>
      <table className="table">
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{rows.map(row)}</tbody>
      </table>
      {rows.length === 0 && <p>{empty}</p>}
      <Pager {...pager} />
    </>
  );
}
