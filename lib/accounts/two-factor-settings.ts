import 'server-only';
import { recordEvent } from '../audit';
import { sendSecurityNotice } from '../mail/notices';
import { getDb } from '../db';
import type { ClientInfo } from '../request/client-info';
import { decryptSecret, encryptSecret } from '../auth/encryption';
import type { Throttled } from '../auth/throttle';
import { checkCurrentPassword } from './password-change';
import { type RecentAuthentication, confirmRecentAuthentication } from './recent-authentication';
import { replaceRecoveryCodes } from '../auth/recovery-codes';
import { totpSecretContext, verifySecondFactor } from './second-factor';
import type { SessionUser, ValidSession } from './sessions';
import { generateTotpSecret, matchTotpStep, qrCodeSvg, totpUri } from '../auth/totp';

// Turning two-factor authentication on and off, and replacing recovery codes, for the signed-in
// user (/settings/security). Setting up keeps the new secret on the server, encrypted, until the
// user proves with a code that their app has it; the browser never sends a secret back. Turning
// it on and new recovery codes also need the current password or a recent sign-in
// (recent-authentication.ts): with them, a stolen session could lock the owner out.

export type MfaSettings =
  | { state: 'off' }
  | { state: 'setting_up'; secret: string; qrSvg: string }
  | { state: 'on'; enabledAt: Date; recoveryCodesLeft: number };

export async function getMfaSettings(user: Pick<SessionUser, 'id' | 'email'>): Promise<MfaSettings> {
  const db = await getDb();
  const row = await db.user.findUniqueOrThrow({
    where: { id: user.id },
    select: { totpEnabledAt: true, totpPendingSecretEncrypted: true, _count: { select: { recoveryCodes: true } } },
  });
  if (row.totpEnabledAt) return { state: 'on', enabledAt: row.totpEnabledAt, recoveryCodesLeft: row._count.recoveryCodes };
  const secret = row.totpPendingSecretEncrypted ? decryptSecret(row.totpPendingSecretEncrypted, totpSecretContext(user.id)) : null;
  if (!secret) return { state: 'off' };
  return { state: 'setting_up', secret, qrSvg: await qrCodeSvg(totpUri(secret, user.email)) };
}

/** Creates a new secret to set up, replacing one being set up. Does nothing while MFA is on. */
export async function startMfaSetup(userId: string): Promise<void> {
  const db = await getDb();
  const pending = encryptSecret(generateTotpSecret(), totpSecretContext(userId));
  await db.user.updateMany({ where: { id: userId, totpEnabledAt: null }, data: { totpPendingSecretEncrypted: pending } });
}

export async function cancelMfaSetup(userId: string): Promise<void> {
  const db = await getDb();
  await db.user.updateMany({ where: { id: userId, totpEnabledAt: null }, data: { totpPendingSecretEncrypted: null } });
}

type StepUp = Exclude<RecentAuthentication, { ok: true }>;
export type EnableMfaResult =
  | { ok: true; recoveryCodes: string[] }
  | { ok: false; error: 'wrong_code' }
  | { ok: false; error: 'not_setting_up' }
  | StepUp;

/** Turns MFA on once a code shows the user's app has the secret being set up. */
export async function enableMfa(current: ValidSession, input: { code: string; password: string }, client: ClientInfo): Promise<EnableMfaResult> {
  const userId = current.user.id;
  const recent = await confirmRecentAuthentication(current, input.password, client);
  if (!recent.ok) return recent;
  const code = input.code;
  const db = await getDb();
  const row = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { totpEnabledAt: true, totpPendingSecretEncrypted: true } });
  const pending = row.totpPendingSecretEncrypted;
  const secret = !row.totpEnabledAt && pending ? decryptSecret(pending, totpSecretContext(userId)) : null;
  if (!pending || !secret) return { ok: false, error: 'not_setting_up' };
  const step = matchTotpStep(secret, code);
  if (step === null) return { ok: false, error: 'wrong_code' };
  const recoveryCodes = await db.$transaction(async (tx) => {
    // Conditional on the very secret that was checked: a second tab that restarted the setup
    // meanwhile makes this one fail rather than turn on a secret nobody has scanned.
    const { count } = await tx.user.updateMany({
      where: { id: userId, totpEnabledAt: null, totpPendingSecretEncrypted: pending },
      data: { totpSecretEncrypted: pending, totpPendingSecretEncrypted: null, totpEnabledAt: new Date(), totpLastStep: step },
    });
    if (count !== 1) return null;
    await recordEvent({ type: 'mfa_enabled', userId, client }, tx);
    await sendSecurityNotice(tx, userId, 'mfa_enabled', client);
    return replaceRecoveryCodes(tx, userId);
  });
  return recoveryCodes ? { ok: true, recoveryCodes } : { ok: false, error: 'not_setting_up' };
}

export type DisableMfaResult = { ok: true } | { ok: false; error: 'wrong_password' | 'wrong_code' } | Throttled;

/** Turns MFA off. Needs both factors, so neither a stolen session nor a stolen phone suffices. */
export async function disableMfa(
  user: { id: string; email: string },
  input: { password: string; code: string },
  client: ClientInfo,
): Promise<DisableMfaResult> {
  const userId = user.id;
  const password = await checkCurrentPassword(user, input.password, client);
  if (!password.ok) return password;
  const factor = await verifySecondFactor(userId, input.code, client);
  if (!factor.ok) return factor;
  const db = await getDb();
  await db.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: userId },
      data: { totpSecretEncrypted: null, totpPendingSecretEncrypted: null, totpEnabledAt: null, totpLastStep: null },
    });
    await tx.recoveryCode.deleteMany({ where: { userId } });
    await recordEvent({ type: 'mfa_disabled', userId, client }, tx);
    await sendSecurityNotice(tx, userId, 'mfa_disabled', client);
  });
  return { ok: true };
}

export type RegenerateResult = { ok: true; recoveryCodes: string[] } | { ok: false; error: 'wrong_code' } | Throttled | StepUp;

/** A new set of recovery codes, invalidating the old one. Needs a code (app or recovery). */
export async function regenerateRecoveryCodes(
  current: ValidSession,
  input: { code: string; password: string },
  client: ClientInfo,
): Promise<RegenerateResult> {
  const userId = current.user.id;
  const recent = await confirmRecentAuthentication(current, input.password, client);
  if (!recent.ok) return recent;
  const factor = await verifySecondFactor(userId, input.code, client);
  if (!factor.ok) return factor;
  const db = await getDb();
  const recoveryCodes = await db.$transaction(async (tx) => {
    await recordEvent({ type: 'mfa_recovery_codes_regenerated', userId, client }, tx);
    return replaceRecoveryCodes(tx, userId);
  });
  return { ok: true, recoveryCodes };
}
