import 'server-only';
import { getDb } from '../db';
import type { Locale } from '../i18n/locales';
import { announceSessionChange } from './session-changes';

/**
 * Saves a user's language: their pages on every device and their mail follow it. The session
 * cache holds the user row, so the change is announced like any other change to it.
 */
export async function saveLanguage(userId: string, locale: Locale): Promise<void> {
  const db = await getDb();
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { locale } });
    await announceSessionChange(tx, { userId });
  });
}
