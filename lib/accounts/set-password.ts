import 'server-only';
import { recordEvent } from '../audit';
import { hashPassword } from '../auth/password';
import { getDb } from '../db';
import { sendSecurityNotice } from '../mail/notices';
import type { ClientInfo } from '../request/client-info';
import { isRecentlyAuthenticated } from './recent-authentication';
import type { ValidSession } from './sessions';

// The first password of an account made with a passkey. There is no current password to ask
// for, so the sign-in (or a passkey confirmation) must be recent: a stolen session alone must not
// give its thief a password to the account.

export type SetPasswordResult = { ok: true } | { ok: false; error: 'not_recent' | 'has_password' };

export async function setFirstPassword(current: ValidSession, newPassword: string, client: ClientInfo): Promise<SetPasswordResult> {
  if (!(await isRecentlyAuthenticated(current.sessionId))) return { ok: false, error: 'not_recent' };
  const passwordHash = await hashPassword(newPassword);
  const db = await getDb();
  return db.$transaction(async (tx) => {
    // Only where there is none: a password set meanwhile is changed with the current one, not here.
    const { count } = await tx.user.updateMany({ where: { id: current.user.id, passwordHash: null }, data: { passwordHash } });
    if (count === 0) return { ok: false, error: 'has_password' } as const;
    await recordEvent({ type: 'password_set', userId: current.user.id, client }, tx);
    await sendSecurityNotice(tx, current.user.id, 'password_set', client);
    return { ok: true } as const;
  });
}
