import { ensureUser } from './accounts';
import type { Role } from './tokens';

// Accounts a new user can sign in with right after `npm start`. Seeded on the embedded database,
// and on PostgreSQL only with SEED_DEMO=1: a real deployment never gets a known password.

export const DEMO_PASSWORD = 'demo-password-123';
export const DEMO_ACCOUNTS: { email: string; role: Role }[] = [
  { email: 'demo@example.com', role: 'USER' },
  { email: 'admin@example.com', role: 'ADMIN' },
];

export async function seedDemoAccounts(log: (line: string) => void): Promise<void> {
  for (const account of DEMO_ACCOUNTS) {
    const created = await ensureUser({ ...account, password: DEMO_PASSWORD });
    log(`Demo account ${account.email} (${account.role}), password ${DEMO_PASSWORD}${created ? ' (created)' : ''}`);
  }
}
