import 'server-only';
import { getDb } from '../db';
import type { ClientInfo } from '../request/client-info';
import type { ValidSession } from '../accounts/sessions';
import { loginPath } from '../auth/redirect';
import { type AuthorizationRequest, authorizationError, authorizationQuery, authorizationResponse } from './authorize';
import { AUTHORIZE_PATH } from './discovery';
import { issueCode } from './codes';
import { rememberConsent, scopesToAsk } from './consent';

// What the authorization endpoint does with a valid request, given the browser's session
// (OpenID Connect Core 1.0 sections 3.1.2.3 and 3.1.2.4): send the user to sign in, ask them to
// sign in again (prompt=login, max_age), ask for consent, or answer the app with a code. With
// prompt=none nothing is shown: the app gets login_required or consent_required instead.

export type AuthorizationStep =
  | { step: 'redirect'; location: string }
  | { step: 'sign_in_again' }
  | { step: 'consent'; newScopes: string[] };

/** Where the user goes to sign in, coming back to this request afterwards. */
export function signInPath(request: AuthorizationRequest): string {
  const path = loginPath(`${AUTHORIZE_PATH}?${authorizationQuery(request, { signedInAgain: true })}`);
  return request.loginHint && path !== '/login' ? `${path}&${new URLSearchParams({ login_hint: request.loginHint })}` : path;
}

export async function decideAuthorization(request: AuthorizationRequest, session: ValidSession | null, client: ClientInfo): Promise<AuthorizationStep> {
  const none = request.prompt.has('none');
  const signedIn = session ? await approverOf(session) : null;
  if (!session || !signedIn) {
    return { step: 'redirect', location: none ? authorizationError(request, 'login_required', 'the user is not signed in') : signInPath(request) };
  }
  const tooOld = request.maxAge !== null && Date.now() - signedIn.authTime.getTime() > request.maxAge * 1000;
  if (request.prompt.has('login') || tooOld) {
    return none ? { step: 'redirect', location: authorizationError(request, 'login_required', 'the sign-in is older than max_age') } : { step: 'sign_in_again' };
  }
  const newScopes = await scopesToAsk(session.user.id, request.client.id, request.scopes);
  if (newScopes.length > 0 || request.prompt.has('consent')) {
    return none ? { step: 'redirect', location: authorizationError(request, 'consent_required', 'the user has not allowed this app') } : { step: 'consent', newScopes };
  }
  return { step: 'redirect', location: await approve(request, session, signedIn, client, false) };
}

/** The user's `Allow` on the consent screen: remembered, and the app gets its code. */
export async function allowAuthorization(request: AuthorizationRequest, session: ValidSession, client: ClientInfo): Promise<string> {
  const signedIn = await approverOf(session);
  if (!signedIn) return signInPath(request);
  return approve(request, session, signedIn, client, true);
}

/** The user's `Deny`: OpenID Connect Core 3.1.2.6 access_denied, nothing remembered. */
export function denyAuthorization(request: AuthorizationRequest): string {
  return authorizationError(request, 'access_denied', 'the user denied the request');
}

async function approve(
  request: AuthorizationRequest,
  session: ValidSession,
  signedIn: { authTime: Date; amr: string[] },
  client: ClientInfo,
  consented: boolean,
): Promise<string> {
  const db = await getDb();
  const code = await db.$transaction(async (tx) => {
    if (consented) await rememberConsent(tx, { userId: session.user.id, clientId: request.client.id, appName: request.client.name, scopes: request.scopes }, client);
    return issueCode(tx, request, { userId: session.user.id, sessionId: session.sessionId, ...signedIn });
  });
  return authorizationResponse(request.redirectUri, { code }, request.state);
}

/** When and how the browser's session signed in; null if it has just ended. */
async function approverOf(session: ValidSession): Promise<{ authTime: Date; amr: string[] } | null> {
  const db = await getDb();
  const row = await db.session.findUnique({ where: { id: session.sessionId }, select: { authenticatedAt: true, amr: true, revokedAt: true } });
  return row && !row.revokedAt ? { authTime: row.authenticatedAt, amr: row.amr } : null;
}
