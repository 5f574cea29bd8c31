import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { getSessionIfReachable } from '@/lib/accounts/dal';
import { parseLogoutRequest } from '@/lib/oauth/end-session';
import { SubmitButton } from '@/components/submit-button';
import { signOutForAppAction } from './actions';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('oauth.signOut'))('title') };
}

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
const PROBLEMS = ['bad_hint', 'client_mismatch', 'bad_redirect_uri'] as const;

// Where the end-session endpoint (app/oauth/end-session/route.ts) asks before signing out, says
// that it is done, or says why it would not send the user back to the app.
export default async function AppSignOutPage({ searchParams }: { searchParams: SearchParams }) {
  const raw = await searchParams;
  const params = new URLSearchParams(Object.entries(raw).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  const t = await getTranslations('oauth.signOut');
  const { session } = await getSessionIfReachable();
  const named = PROBLEMS.find((known) => known === params.get('problem'));
  const parsed = named || params.has('done') ? null : await parseLogoutRequest(params);
  const problem = named ?? (parsed && !parsed.ok ? parsed.error : undefined);
  if (!parsed?.ok || !session) {
    return (
      <section className="card" aria-labelledby="app-sign-out-title">
        <h1 id="app-sign-out-title">{problem ? t('problemTitle') : t('doneTitle')}</h1>
        <p>{problem ? t(`problem.${problem}`) : t('doneBody')}</p>
        <p>
          <Link href={session ? '/dashboard' : '/login'}>{session ? t('back') : t('signIn')}</Link>
        </p>
      </section>
    );
  }
  return (
    <section className="card" aria-labelledby="app-sign-out-title">
      <h1 id="app-sign-out-title">{t('title')}</h1>
      <p>{parsed.request.appName ? t('askedBy', { app: parsed.request.appName, email: session.user.email }) : t('asked', { email: session.user.email })}</p>
      <form action={signOutForAppAction} className="actions">
        <input type="hidden" name="request" value={params.toString()} />
        <SubmitButton pendingLabel={t('pending')}>{t('submit')}</SubmitButton>
        <Link href="/dashboard" className="button-link secondary">
          {t('stay')}
        </Link>
      </form>
    </section>
  );
}
