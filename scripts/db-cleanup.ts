// npm run db:cleanup: deletes ended sessions and used or revoked refresh tokens now, as the
// server does every 10 minutes. On the embedded database, stop the server first (one process
// at a time); on PostgreSQL it can run beside it.
import { deleteStaleSessionData } from '../lib/auth/cleanup';
import { closeDatabase } from '../lib/db';

deleteStaleSessionData()
  .then(({ sessions, tokens }) => console.log(`Deleted ${sessions} ended sessions and ${tokens} stale refresh tokens.`))
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(() => closeDatabase());
