import 'server-only';
import { randomUUID } from 'node:crypto';
import * as oidc from 'openid-client';
import { z } from 'zod';
import { type TokenPurpose, signPurposeToken, verifyPurposeToken } from './purpose-tokens';

// One round trip to a sign-in provider: the `state`, the PKCE verifier and the OpenID Connect
// `nonce` made when it starts, and where to go after it. They wait in a signed HttpOnly cookie of
// the browser that started (cookies.ts), for 10 minutes, so the callback is accepted only in that
// browser, for that provider, with those three values, once.

export const PROVIDER_FLOW_TTL_SECONDS = 10 * 60;

const claims = z.object({
  jti: z.uuid(),
  /** The provider's id (`oidc`, `google` …). */
  prv: z.string().max(32),
  st: z.string().max(128),
  nn: z.string().max(128),
  /** The PKCE code verifier: only its S256 challenge goes to the provider. */
  cv: z.string().max(128),
  /** The same-origin path to land on (already checked by safeNextPath). */
  nxt: z.string().max(2048),
  /** Connecting from settings: the session that asked, which alone may finish it. */
  sid: z.uuid().optional(),
});
export type ProviderFlow = z.infer<typeof claims>;

const PROVIDER_FLOW: TokenPurpose<ProviderFlow> = {
  key: 'provider flow signing',
  typ: 'provider-flow+jwt',
  audience: 'latchkey:provider-flow',
  ttlSeconds: PROVIDER_FLOW_TTL_SECONDS,
  maxLength: 4096,
  claims,
};

/** A new flow for a provider (to connect it to the session `sid`, if given), and its token for the cookie. */
export async function startProviderFlow(provider: string, next: string, sid?: string): Promise<{ flow: ProviderFlow; token: string }> {
  const flow = { jti: randomUUID(), prv: provider, st: oidc.randomState(), nn: oidc.randomNonce(), cv: oidc.randomPKCECodeVerifier(), nxt: next, ...(sid ? { sid } : {}) };
  return { flow, token: await signPurposeToken(PROVIDER_FLOW, flow) };
}

/** The flow a cookie holds, if it is live and for this provider; null for anything else. */
export async function readProviderFlow(token: string | null, provider: string): Promise<ProviderFlow | null> {
  const flow = token ? await verifyPurposeToken(PROVIDER_FLOW, token) : null;
  return flow?.prv === provider ? flow : null;
}
