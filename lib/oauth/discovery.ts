import 'server-only';
import { getConfig } from '../config';
import { getProviderKeyRing } from '../auth/keys';
import { SCOPES } from './scopes';

// OpenID Connect Discovery 1.0 section 3: what an app's library reads to talk to Latchkey.
// RP-Initiated Logout 1.0 section 2.1 adds end_session_endpoint; RFC 9207 the `iss` parameter.

export const AUTHORIZE_PATH = '/oauth/authorize';
export const END_SESSION_PATH = '/oauth/end-session';
/** Where the end-session endpoint asks before signing out, and says it is done. */
export const SIGN_OUT_PAGE = '/oauth/sign-out';

export async function discoveryDocument(): Promise<Record<string, unknown>> {
  const issuer = getConfig().appUrl;
  const url = (path: string) => `${issuer}${path}`;
  const { signing } = await getProviderKeyRing();
  const clientAuth = ['client_secret_basic', 'client_secret_post', 'none'];
  return {
    issuer,
    authorization_endpoint: url(AUTHORIZE_PATH),
    token_endpoint: url('/api/auth/token'),
    userinfo_endpoint: url('/oauth/userinfo'),
    jwks_uri: url('/.well-known/jwks.json'),
    revocation_endpoint: url('/api/auth/revoke'),
    end_session_endpoint: url(END_SESSION_PATH),
    scopes_supported: SCOPES,
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: [signing.alg],
    token_endpoint_auth_methods_supported: clientAuth,
    revocation_endpoint_auth_methods_supported: clientAuth,
    code_challenge_methods_supported: ['S256'],
    prompt_values_supported: ['none', 'login', 'consent'],
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'nonce', 'amr', 'email', 'email_verified', 'locale', 'updated_at'],
    claims_parameter_supported: false,
    request_parameter_supported: false,
    request_uri_parameter_supported: false,
    authorization_response_iss_parameter_supported: true,
  };
}
