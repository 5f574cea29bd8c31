import { apiHandler } from '@/lib/api/handler';
import { json } from '@/lib/api/http';

// Liveness: 200 while the process answers HTTP at all. It asks nothing of the database, so an
// outage there never makes an orchestrator restart servers that would come back by themselves.
export const GET = apiHandler(async () => json({ status: 'ok' }, 200, { 'Cache-Control': 'no-store' }));
