import Link from 'next/link';

/** "Newer / Page 2 of 5 / Older" links; `href` builds the link for a page number. */
export function Pager({ page, pages, href, labels = ['Previous', 'Next'] }: { page: number; pages: number; href: (page: number) => string; labels?: [string, string] }) {
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

/** The page number in a `?page=` parameter: a positive integer, else 1. */
export function pageParam(value: string | string[] | undefined): number {
  const page = Number(value);
  return Number.isInteger(page) && page > 0 ? page : 1;
}
