import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { getSessionIfReachable } from '@/lib/accounts/dal';
import { VERIFY_EMAIL_PATH } from '@/lib/accounts/verification';
import { getConfig } from '@/lib/config';
import { getClientInfo } from '@/lib/request/current';
import { decideAuthorization } from '@/lib/oauth/approval';
import { authorizationError, authorizationQuery, parseAuthorizationRequest } from '@/lib/oauth/authorize';
import type { Scope } from '@/lib/oauth/scopes';
import { SubmitButton } from '@/components/submit-button';
import { consentAction, signInAgainAction } from './actions';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('oauth'))('title') };
}

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

// The authorization endpoint (lib/oauth/authorize.ts, approval.ts): an app sends the user here to
// sign in. A request that cannot name a registered app and redirect URI gets this page's error;
// otherwise the user signs in, is asked to sign in again or to allow the app, or goes straight
// back to the app.
export default async function AuthorizePage({ searchParams }: { searchParams: SearchParams }) {
  const parsed = await parseAuthorizationRequest(await searchParams);
  const t = await getTranslations('oauth');
  if (!parsed.ok) {
    if ('redirectTo' in parsed) redirect(parsed.redirectTo);
    return (
      <section className="panel" aria-labelledby="authorize-problem-title">
        <h1 id="authorize-problem-title">{t('problem.title')}</h1>
        <p>{t(`problem.${parsed.show}`)}</p>
        <p>
          <Link href="/dashboard">{t('problem.back')}</Link>
        </p>
      </section>
    );
  }
  const { request } = parsed;
  const { session } = await getSessionIfReachable();
  if (session && getConfig().requireEmailVerification && !session.user.emailVerified) {
    redirect(request.prompt.has('none') ? authorizationError(request, 'login_required', 'the email address is not verified yet') : VERIFY_EMAIL_PATH);
  }
  const step = await decideAuthorization(request, session, await getClientInfo());
  if (step.step === 'redirect') redirect(step.location);
  const app = request.client.name;
  const query = authorizationQuery(request);

  if (step.step === 'sign_in_again') {
    return (
      <section className="card" aria-labelledby="sign-in-again-title">
        <h1 id="sign-in-again-title">{t('signInAgain.title', { app })}</h1>
        <p>{t('signInAgain.body', { app, email: session!.user.email })}</p>
        <form action={signInAgainAction} className="actions">
          <input type="hidden" name="request" value={query} />
          <SubmitButton pendingLabel={t('pending')}>{t('signInAgain.submit')}</SubmitButton>
        </form>
      </section>
    );
  }
  return (
    <section className="card" aria-labelledby="consent-title">
      <h1 id="consent-title">{t('consent.title', { app })}</h1>
      <p className="lead">{t('consent.signedInAs', { email: session!.user.email })}</p>
      <p id="consent-scopes-intro">{t('consent.asks', { app })}</p>
      <ul className="consent-scopes" aria-labelledby="consent-scopes-intro">
        {request.scopes.map((scope) => (
          <li key={scope}>
            {t(`scopes.${scope as Scope}`)}
            {step.newScopes.includes(scope) && request.scopes.length !== step.newScopes.length ? <span className="hint"> {t('consent.new')}</span> : null}
          </li>
        ))}
      </ul>
      <form action={consentAction} className="actions">
        <input type="hidden" name="request" value={query} />
        <button type="submit" name="decision" value="allow" className="primary">
          {t('consent.allow')}
        </button>
        <button type="submit" name="decision" value="deny" className="secondary">
          {t('consent.deny')}
        </button>
      </form>
      <p className="hint">{t('consent.revokeHint')}</p>
    </section>
  );
}
