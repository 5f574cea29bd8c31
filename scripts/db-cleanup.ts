// npm run db:cleanup: deletes ended sessions, used or revoked refresh tokens, expired rate-limit
// attempts, expired second-factor challenges, old mail links and old mail now, as the server does every 10 minutes. It can
// run beside the server: on the embedded database through the socket the server serves.
import './log-to-stderr';
import { deleteExpiredData } from '../lib/accounts/cleanup';
import { closeDatabase } from '../lib/db';

deleteExpiredData()
  .then(({ sessions, tokens, attempts, mfaChallenges, emailTokens, mail }) =>
    console.log(
      `Deleted ${sessions} ended sessions, ${tokens} stale refresh tokens, ${attempts} expired sign-in attempts, ${mfaChallenges} expired second-factor challenges, ${emailTokens} old mail links and ${mail} old mails.`,
    ),
  )
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(() => closeDatabase());
