import { apiHandler } from '@/lib/api/handler';
import { json } from '@/lib/api/http';
import { checkDatabase } from '@/lib/db/health';

// For uptime checks and load balancers set up before /api/health/live and /ready existed: 200 when
// the database answers within 2 s, else 503. It says nothing of migrations or of a shutdown under
// way; orchestrators probe /api/health/live and /api/health/ready instead.
export const GET = apiHandler(async () => {
  const database = await checkDatabase();
  const headers = { 'Cache-Control': 'no-store' };
  return database === 'ok'
    ? json({ status: 'ok', database: 'ok' }, 200, headers)
    : json({ status: 'error', database: 'unreachable' }, 503, headers);
});
