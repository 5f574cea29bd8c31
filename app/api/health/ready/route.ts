import { apiHandler } from '@/lib/api/handler';
import { json } from '@/lib/api/http';
import { checkReadiness } from '@/lib/db/health';
import { isShuttingDown } from '@/lib/shutdown';

// Readiness: 200 when this server should be sent requests: the database answers within 2 s and
// every migration is applied. 503 otherwise, and from the moment a shutdown starts, so a load
// balancer drains the server while its last requests finish (lib/shutdown.ts).
export const GET = apiHandler(async () => {
  const headers = { 'Cache-Control': 'no-store' };
  if (isShuttingDown()) return json({ status: 'shutting_down' }, 503, headers);
  switch (await checkReadiness()) {
    case 'ready':
      return json({ status: 'ok', database: 'ok', migrations: 'applied' }, 200, headers);
    case 'migrations_pending':
      return json({ status: 'error', database: 'ok', migrations: 'pending' }, 503, headers);
    case 'unreachable':
      return json({ status: 'error', database: 'unreachable' }, 503, headers);
  }
});
