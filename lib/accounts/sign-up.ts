import 'server-only';
import { recordEvent } from '../audit';
import { hashPassword } from '../auth/password';
import type { SessionTokens } from '../auth/session-tokens';
import { type Throttled, claimAttempt, countedAttempt, signUpLimits } from '../auth/throttle';
import type { Role } from '../auth/tokens';
import { getDb } from '../db';
import { Prisma } from '../db/generated/client';
import type { ClientInfo } from '../request/client-info';
import { createSession } from './sessions';
import { sendVerificationMail } from './verification';

export type SignUpResult = { ok: true; tokens: SessionTokens } | { ok: false; error: 'email_taken' } | Throttled;

/** Creates a user and signs them in, in one transaction: there is never a user without a session or the reverse. */
export async function signUp(input: { email: string; password: string }, client: ClientInfo): Promise<SignUpResult> {
  // Every sign-up counts, taken emails too: that bounds how fast addresses can be probed.
  const attempt = await claimAttempt(signUpLimits(client));
  if (!attempt.ok) return attempt;
  const passwordHash = await countedAttempt(attempt, hashPassword(input.password));
  const db = await getDb();
  try {
    const tokens = await db.$transaction(async (tx) => {
      const user = await tx.user.create({ data: { email: input.email, passwordHash }, select: { id: true, email: true, role: true } });
      await recordEvent({ type: 'sign_up', userId: user.id, client }, tx);
      await sendVerificationMail(tx, user);
      return createSession(tx, user, client);
    });
    return { ok: true, tokens };
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, error: 'email_taken' };
    throw error;
  }
}

/** Creates an account (verified: seeded by the server) unless one exists with that email. Returns whether it created one. */
export async function ensureUser(input: { email: string; password: string; role: Role }): Promise<boolean> {
  const db = await getDb();
  if (await db.user.findUnique({ where: { email: input.email }, select: { id: true } })) return false;
  const passwordHash = await hashPassword(input.password);
  try {
    await db.user.create({ data: { email: input.email, passwordHash, role: input.role, emailVerifiedAt: new Date() } });
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}
