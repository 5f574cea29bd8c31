import Link from 'next/link';
import { getTranslations } from 'next-intl/server';

export type PagerProps = {
  page: number;
  pages: number;
  /** The list's address; a page's link adds `page=` after the `query` that filters the list. */
  path: string;
  query?: Record<string, string>;
  /** The links' words, already translated; "Previous" and "Next" unless given. */
  labels?: [string, string];
};

/** "Newer / Page 2 of 5 / Older" links, which keep the list's filters from page to page. */
export async function Pager({ page, pages, path, query = {}, labels }: PagerProps) {
  const t = await getTranslations('pager');
  const [previous, next] = labels ?? [t('previous'), t('next')];
  const href = (to: number) => `${path}?${new URLSearchParams({ ...query, page: String(to) })}`;
  return (
    <nav aria-label={t('label')} className="pager">
      {page > 1 ? <Link href={href(page - 1)}>{previous}</Link> : <span />}
      <span>{t('position', { page, pages })}</span>
      {page < pages ? <Link href={href(page + 1)}>{next}</Link> : <span />}
    </nav>
  );
}
