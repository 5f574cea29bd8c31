'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { deleteSessionCookies, readSessionCookies, setLocaleCookie } from '@/lib/auth/cookies';
import { safeNextPath } from '@/lib/auth/redirect';
import { getSessionIfReachable } from '@/lib/accounts/dal';
import { saveLanguage } from '@/lib/accounts/language';
import { endSession } from '@/lib/accounts/sessions';
import { LOCALES } from '@/lib/i18n/locales';
import { getClientInfo } from '@/lib/request/current';

export async function signOutAction(): Promise<never> {
  await endSession(await readSessionCookies(), await getClientInfo());
  await deleteSessionCookies();
  redirect('/login');
}

const languageForm = z.object({ locale: z.enum(LOCALES), next: z.string() });

/**
 * The language switcher (footer, and Settings → Language): remembered in the browser, and saved
 * on the account when signed in, since a saved choice outranks the cookie. Back to the page it
 * came from, so it works as a plain form post without JavaScript.
 */
export async function setLanguageAction(formData: FormData): Promise<never> {
  const form = languageForm.safeParse(Object.fromEntries(formData));
  const back = safeNextPath(formData.get('next'));
  // Only a forged or broken form sends another value: nothing to save, nothing to say.
  if (!form.success) redirect(back);
  await setLocaleCookie(form.data.locale);
  const { session } = await getSessionIfReachable();
  if (session) await saveLanguage(session.user.id, form.data.locale);
  redirect(back);
}
