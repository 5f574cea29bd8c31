import 'server-only';
import { SIGN_IN_METHODS_SELECT, signInMethodsOf } from '../accounts/passkeys';
import { SIGN_IN_METHODS, type SignInMethod } from '../accounts/sign-in';
import type { Role } from '../auth/tokens';
import { getDb } from '../db';

// What GET /api/users/me shows about the signed-in user: never the password hash.

export type UserProfile = { id: string; email: string; role: Role; createdAt: string; signInMethods: SignInMethod[] };

export async function getUserProfile(userId: string): Promise<UserProfile | null> {
  const db = await getDb();
  // One query: the profile and what its sign-in methods are read from.
  const user = await db.user.findUnique({ where: { id: userId }, select: { id: true, email: true, role: true, createdAt: true, ...SIGN_IN_METHODS_SELECT } });
  if (!user) return null;
  const methods = signInMethodsOf(user);
  return {
    id: user.id,
    email: user.email,
    role: user.role,
    createdAt: user.createdAt.toISOString(),
    signInMethods: SIGN_IN_METHODS.filter((method) => ({ password: methods.password, passkey: methods.passkeys > 0, provider: methods.providers > 0 })[method]),
  };
}
