import { runPasswordTask, stopPasswordWorkers } from '@/lib/auth/password-pool';
import { getConfig } from '@/lib/config';

/**
 * Runs `body` while the password pool is full: one worker, busy with a slow hash, and one more
 * slow hash waiting, the most PASSWORD_QUEUE_LIMIT=1 allows. Any password work `body` asks for is
 * refused with PasswordQueueFullError.
 */
export async function withFullPasswordPool(body: () => Promise<void>): Promise<void> {
  const config = getConfig();
  const saved = { passwordWorkers: config.passwordWorkers, passwordQueueLimit: config.passwordQueueLimit };
  await stopPasswordWorkers();
  Object.assign(config, { passwordWorkers: 1, passwordQueueLimit: 1 });
  // Cost 14 takes about a second: far longer than `body` needs to be refused.
  const blockers = [runPasswordTask({ op: 'hash', password: 'running', cost: 14 }), runPasswordTask({ op: 'hash', password: 'waiting', cost: 14 })];
  try {
    await body();
  } finally {
    await Promise.all(blockers);
    Object.assign(config, saved);
  }
}
