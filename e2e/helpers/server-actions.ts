import type { Request } from '@playwright/test';

// Server Actions called as an attacker or a measurement would: a call the browser made, captured,
// then sent again as raw HTTP with its headers (the action's id among them) and body.

/** The headers a Server Action call carries (with the browser's cookies, when it has any). */
export async function actionHeaders(request: Request): Promise<Record<string, string>> {
  const all = await request.allHeaders();
  const names = ['accept', 'content-type', 'cookie', 'next-action', 'next-router-state-tree', 'origin', 'referer', 'user-agent'];
  return Object.fromEntries(names.flatMap((name) => (all[name] === undefined ? [] : [[name, all[name]]])));
}
