import Link from 'next/link';

export type PagerProps = {
  page: number;
  pages: number;
  /** The list's address; a page's link adds `page=` after the `query` that filters the list. */
  path: string;
  query?: Record<string, string>;
  labels?: [string, string];
};

/** "Newer / Page 2 of 5 / Older" links, which keep the list's filters from page to page. */
export function Pager({ page, pages, path, query = {}, labels = ['Previous', 'Next'] }: PagerProps) {
  const href = (to: number) => `${path}?${new URLSearchParams({ ...query, page: String(to) })}`;
  return (
    <nav aria-label="Pages" className="pager">
      {page > 1 ? <Link href={href(page - 1)}>{labels[0]}</Link> : <span />}
      <span>
        Page {page} of {pages}
      </span>
      {page < pages ? <Link href={href(page + 1)}>{labels[1]}</Link> : <span />}
    </nav>
  );
}
