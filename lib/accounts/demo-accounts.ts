import 'server-only';
import type { Config } from '../config';
import { getDb } from '../db';
import { disableAccount } from './disable-account';
import { ensureUser } from './sign-up';
import { verifyPassword } from '../auth/password';
import type { Role } from '../auth/tokens';

// Accounts a new user can sign in with right after `npm start`. Seeded only for a local trial on
// the embedded database (APP_URL on localhost; lib/config.ts), or with SEED_DEMO=1: their
// password is published, so a server others can reach must not have them.

const STARTUP_CLIENT = { userAgent: 'Latchkey start-up', ip: null };

export const DEMO_PASSWORD = 'demo-password-123';
export const DEMO_ACCOUNTS: { email: string; role: Role }[] = [
  { email: 'demo@example.com', role: 'USER' },
  { email: 'admin@example.com', role: 'ADMIN' },
];

/** At start-up: the demo accounts where they belong, and none that anyone can sign in to elsewhere. */
export async function prepareDemoAccounts(config: Pick<Config, 'seedDemo' | 'appUrl'>, log: (line: string) => void): Promise<void> {
  if (config.seedDemo) await seedDemoAccounts(log);
  else await disableExposedDemoAccounts(config.appUrl, log);
}

export async function seedDemoAccounts(log: (line: string) => void): Promise<void> {
  for (const account of DEMO_ACCOUNTS) {
    const created = await ensureUser({ ...account, password: DEMO_PASSWORD });
    log(`Demo account ${account.email} (${account.role}), password ${DEMO_PASSWORD}${created ? ' (created)' : ''}`);
  }
}

/**
 * For a start that does not seed them: demo accounts still in the database (a local trial's data
 * folder, now served on a public address) that still have the published password are disabled
 * and their sessions ended, whatever their role. One line of the log says which.
 */
async function disableExposedDemoAccounts(appUrl: string, log: (line: string) => void): Promise<void> {
  const db = await getDb();
  const disabled: string[] = [];
  for (const { email } of DEMO_ACCOUNTS) {
    const user = await db.user.findUnique({ where: { email }, select: { id: true, passwordHash: true, disabledAt: true } });
    if (!user?.passwordHash || user.disabledAt || !(await verifyPassword(DEMO_PASSWORD, user.passwordHash))) continue;
    // The last active admin too: an admin account open to everyone is worse than none, and
    // `npm run admin:create` makes a real one.
    await db.$transaction((tx) => disableAccount(tx, user.id, STARTUP_CLIENT, 'Latchkey at start-up: the published demo password, outside a local trial'));
    disabled.push(email);
  }
  if (disabled.length === 0) return;
  log(
    `Disabled ${disabled.length} demo account${disabled.length === 1 ? '' : 's'} (${disabled.join(', ')}): ` +
      `they still had the published password, and APP_URL ${appUrl} is not a local trial. ` +
      'For an admin of your own: npm run admin:create -- <email>',
  );
}
