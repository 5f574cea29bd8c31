// Paging for the long lists (admin users, events and mail, the dev outbox, a user's activity):
// one page size, `?page=` read the same way everywhere, and pages that count from 1.

export const PAGE_SIZE = 20;

/** The page number in a `?page=` parameter: a positive integer, else 1. */
export function pageParam(value: string | string[] | undefined): number {
  const page = Number(value);
  return Number.isInteger(page) && page > 0 ? page : 1;
}

/** Which rows page `page` holds, as a query's `skip` and `take`. */
export function pageWindow(page: number): { skip: number; take: number } {
  return { skip: (page - 1) * PAGE_SIZE, take: PAGE_SIZE };
}

/** How many pages `total` rows fill; an empty list still shows one (empty) page. */
export function pageCount(total: number): number {
  return Math.max(1, Math.ceil(total / PAGE_SIZE));
}

/** One page of a list: `find` reads the page's rows, `count` all the rows, side by side. */
export async function findPage<Row>(
  page: number,
  find: (window: { skip: number; take: number }) => Promise<Row[]>,
  count: () => Promise<number>,
): Promise<{ rows: Row[]; pages: number }> {
  const [rows, total] = await Promise.all([find(pageWindow(page)), count()]);
  return { rows, pages: pageCount(total) };
}
