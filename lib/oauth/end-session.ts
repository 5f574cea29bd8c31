import 'server-only';
import { readIdTokenHint } from '../auth/app-tokens';
import { findClient } from './clients';

// RP-Initiated Logout 1.0: an app sends the user here to sign out of Latchkey too.
//  - section 2: id_token_hint names the user and the app (the signature must hold, the expiry
//    need not); client_id may name the app instead, and must agree with the hint.
//  - section 3: the user is sent back to post_logout_redirect_uri, with `state`, only when it is
//    one of the app's registered URIs exactly; otherwise they stay on Latchkey.
//  - section 6 (security): without a valid hint for the signed-in user, the user is asked first,
//    so a link on another site cannot sign anyone out.

export type LogoutRequest = {
  appName: string | null;
  /** Where to send the user afterwards, `state` included; null: stay on Latchkey. */
  returnTo: string | null;
  /** The user the app signed in, when a valid id_token_hint says so. */
  hintedUserId: string | null;
};

export type ParsedLogout = { ok: true; request: LogoutRequest } | { ok: false; error: 'bad_hint' | 'client_mismatch' | 'bad_redirect_uri' };

export async function parseLogoutRequest(params: URLSearchParams): Promise<ParsedLogout> {
  const hintToken = params.get('id_token_hint');
  const hint = hintToken ? await readIdTokenHint(hintToken) : null;
  if (hintToken && !hint) return { ok: false, error: 'bad_hint' };
  const clientId = params.get('client_id');
  if (hint && clientId && hint.clientId !== clientId) return { ok: false, error: 'client_mismatch' };
  const client = await findClient(hint?.clientId ?? clientId ?? '');
  const app = client && !client.disabledAt ? client : null;

  const redirectUri = params.get('post_logout_redirect_uri');
  if (redirectUri && !app?.postLogoutRedirectUris.includes(redirectUri)) return { ok: false, error: 'bad_redirect_uri' };
  let returnTo: string | null = null;
  if (redirectUri) {
    const url = new URL(redirectUri);
    const state = params.get('state');
    if (state) url.searchParams.append('state', state);
    returnTo = url.toString();
  }
  return { ok: true, request: { appName: app?.name ?? null, returnTo, hintedUserId: hint?.userId ?? null } };
}

/** Whether to sign out without asking: nobody is signed in, or the hint names the signed-in user. */
export function mayEndWithoutAsking(request: LogoutRequest, signedInUserId: string | null): boolean {
  return signedInUserId === null || request.hintedUserId === signedInUserId;
}
