import 'server-only';
import { recordEvent } from '../audit';
import { type ProviderIdentity, exchangeCode } from '../auth/oidc';
import { type ProviderFlow, readProviderFlow } from '../auth/provider-flow';
import { DEFAULT_AFTER_SIGN_IN } from '../auth/redirect';
import type { ProviderConfig } from '../config';
import { getDb } from '../db';
import { isUniqueViolation } from '../db/errors';
import type { Prisma } from '../db/generated/client';
import type { Locale } from '../i18n/locales';
import type { ClientInfo } from '../request/client-info';
import { getLogger } from '../log';
import { METHOD_AMR, type SecondFactorNeeded, type SignedIn, finishSignIn, startSession } from './sign-in';
import { connectProvider, link } from './connected-accounts';
import type { ValidSession } from './sessions';
import { sendVerificationMail } from './verification';

// The provider method: someone the provider vouches for. An identity (the provider's issuer and
// subject, never the email) is linked to at most one account:
//  - known identity: sign in to its account;
//  - unknown identity, no account with its email: create one (no password; the email verified
//    when the provider says so), sign in;
//  - unknown identity, an account with that email: link it only when the provider asserts the
//    email verified AND the account's email is verified, else link nothing and say so. Linking on
//    an unverified side would hand the account to whoever typed, or registered, that address.

export type ProviderSignInResult =
  | SignedIn
  | SecondFactorNeeded
  // account_exists: an account has the email but may not be linked automatically.
  // email_missing: the provider gave no email, and a new account needs one.
  | { ok: false; error: 'account_exists' | 'email_missing' | 'account_disabled' };

const USER = { id: true, email: true, role: true, disabledAt: true, totpEnabledAt: true, emailVerifiedAt: true } as const;

/** `locale`: the language of the page the round trip ended on, saved as a new account's language (./sign-up.ts). */
export async function signInWithProvider(identity: ProviderIdentity, name: string, client: ClientInfo, locale?: Locale): Promise<ProviderSignInResult> {
  const db = await getDb();
  const detail = { provider: name };
  const linked = await db.providerAccount.findUnique({
    where: { issuer_subject: { issuer: identity.issuer, subject: identity.subject } },
    select: { id: true, user: { select: USER } },
  });
  if (linked) {
    if (linked.user.disabledAt) return refuse(linked.user.id, 'account_disabled', detail, client);
    return finishSignIn<never>(linked.user, 'provider', client, { detail, spend: (tx) => markUsed(tx, linked.id) });
  }
  if (!identity.email) return refuse(null, 'email_missing', detail, client);

  const existing = await db.user.findUnique({ where: { email: identity.email }, select: USER });
  if (!existing) return openAccount(identity, name, client, locale);
  if (!identity.emailVerified || !existing.emailVerifiedAt) return refuse(existing.id, 'account_exists', detail, client);
  if (existing.disabledAt) return refuse(existing.id, 'account_disabled', detail, client);
  try {
    return await finishSignIn<never>(existing, 'provider', client, { detail, spend: (tx) => link(tx, existing.id, identity, name, client) });
  } catch (error) {
    // The same identity linked by a racing callback: it is known now.
    if (isUniqueViolation(error)) return signInWithProvider(identity, name, client, locale);
    throw error;
  }
}

/** A new account for an identity whose email no account has, signed in. */
async function openAccount(identity: ProviderIdentity, name: string, client: ClientInfo, locale: Locale | undefined): Promise<ProviderSignInResult> {
  const db = await getDb();
  try {
    const tokens = await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { email: identity.email!, passwordHash: null, emailVerifiedAt: identity.emailVerified ? new Date() : null, locale },
        select: { id: true, email: true, role: true, locale: true },
      });
      await recordEvent({ type: 'sign_up', userId: user.id, client, detail: { method: 'provider', provider: name } }, tx);
      await link(tx, user.id, identity, name, client, { notify: false });
      if (!identity.emailVerified) await sendVerificationMail(tx, user);
      return startSession(tx, user, client, { event: 'provider_sign_in', detail: { provider: name }, amr: METHOD_AMR.provider });
    });
    return { ok: true, tokens };
  } catch (error) {
    // An account with the email, or the identity, appeared meanwhile: decide again with it there.
    if (isUniqueViolation(error)) return signInWithProvider(identity, name, client, locale);
    throw error;
  }
}

async function markUsed(tx: Prisma.TransactionClient, providerAccountId: string): Promise<null> {
  await tx.providerAccount.update({ where: { id: providerAccountId }, data: { lastUsedAt: new Date() } });
  return null;
}

async function refuse<Error extends 'account_exists' | 'email_missing' | 'email_unverified' | 'account_disabled' | 'cancelled' | 'flow_invalid' | 'provider_error'>(
  userId: string | null,
  error: Error,
  detail: { provider: string; code?: string },
  client: ClientInfo,
): Promise<{ ok: false; error: Error }> {
  await recordEvent({ type: 'provider_failed', userId, client, detail: { ...detail, reason: error } });
  return { ok: false, error };
}

type RoundTripFailure = { ok: false; error: 'cancelled' | 'flow_invalid' | 'provider_error' | 'email_unverified' };

/** How a round trip ended: a sign-in (then where to go), or a connection made from settings. */
export type RoundTrip =
  | { connecting: false; next: string; result: ProviderSignInResult | RoundTripFailure }
  | { connecting: true; result: { ok: true } | RoundTripFailure | { ok: false; error: 'linked_elsewhere' } };

/**
 * The provider sent the browser back (`callback`, as APP_URL sees it) with the round trip this
 * browser started (`flowToken`, from its cookie): the answer checked and exchanged, then signed in,
 * or, for a round trip started from settings, connected to that session's account (`current` must
 * be that session). Whatever went wrong is one word for the page, and a `provider_failed` event.
 * `locale` is the language of the page the provider sent the browser back to: a new account's.
 */
export async function completeProviderRoundTrip(
  provider: ProviderConfig,
  flowToken: string | null,
  callback: URL,
  current: ValidSession | null,
  client: ClientInfo,
  locale?: Locale,
): Promise<RoundTrip> {
  const detail = { provider: provider.name };
  const flow = await readProviderFlow(flowToken, provider.id);
  // No flow of this browser, an old one, or another provider's: nothing here asked for this answer.
  if (!flow || callback.searchParams.get('state') !== flow.st) {
    return { connecting: false, next: DEFAULT_AFTER_SIGN_IN, result: await refuse(null, 'flow_invalid', detail, client) };
  }
  if (flow.sid === undefined) {
    const identity = await exchangeAnswer(provider, flow, callback, client);
    return { connecting: false, next: flow.nxt, result: 'subject' in identity ? await signInWithProvider(identity, provider.name, client, locale) : identity };
  }
  // A connection finishes only in the session that started it, still signed in.
  if (current?.sessionId !== flow.sid) return { connecting: true, result: await refuse(null, 'flow_invalid', detail, client) };
  const identity = await exchangeAnswer(provider, flow, callback, client);
  return { connecting: true, result: 'subject' in identity ? await connectProvider(current, identity, provider.name, client) : identity };
}

async function exchangeAnswer(
  provider: ProviderConfig,
  flow: ProviderFlow,
  callback: URL,
  client: ClientInfo,
): Promise<ProviderIdentity | { ok: false; error: 'cancelled' | 'provider_error' | 'email_unverified' }> {
  const detail = { provider: provider.name };
  const answerError = callback.searchParams.get('error');
  if (answerError) return refuse(null, answerError === 'access_denied' ? 'cancelled' : 'provider_error', { ...detail, code: answerError.slice(0, 64) }, client);
  try {
    const identity = await exchangeCode(provider, flow, callback);
    // GitHub vouches for a person only through a verified primary email (its emails endpoint).
    if (provider.kind === 'github' && !identity.emailVerified) return refuse(null, 'email_unverified', detail, client);
    return identity;
  } catch (error) {
    // The code, the PKCE verifier, the ID token's signature, issuer, audience, expiry or nonce
    // did not check out, or the provider did not answer: logged by kind, never with tokens.
    getLogger().error({ provider: provider.id, error: error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error' }, 'provider sign-in failed');
    return refuse(null, 'provider_error', detail, client);
  }
}
