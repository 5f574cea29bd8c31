import { apiHandler } from '@/lib/api/handler';
import { json } from '@/lib/api/http';
import { checkDatabase } from '@/lib/db/health';

// For load balancers and uptime checks: 200 when the database answers within 2 s, else 503.
export const GET = apiHandler(async () => {
  const database = await checkDatabase();
  const headers = { 'Cache-Control': 'no-store' };
  return database === 'ok'
    ? json({ status: 'ok', database: 'ok' }, 200, headers)
    : json({ status: 'error', database: 'unreachable' }, 503, headers);
});
