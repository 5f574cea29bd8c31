import { decodeJwt } from 'jose';
import { describe, expect, test } from 'vitest';
import { POST as token } from '@/app/api/auth/token/route';
import { GET as me } from '@/app/api/users/me/route';
import { getDb } from '@/lib/db';
import { newUser, password } from '../support/accounts';
import { type Body, type Tokens, bearer, formRequest, jsonRequest, signInOverApi } from '../support/api-requests';
import { expectDeviceTokenFor, expectError, expectNoStore } from '../support/api-responses';
import { describeOnDatabase } from '../support/database';
import { totpCode, turnOnMfa, wrongTotpCode } from '../support/mfa';

// POST /api/auth/token for two-factor accounts: mfa_required and the mfa_otp grant, called through
// the route handlers on each database Latchkey supports (pglite.test.ts, postgres.test.ts).

export function describeTokenMfaFlows(name: string): void {
  describeOnDatabase(`JSON API on ${name}`, () => {
    describe('POST /api/auth/token, two-factor accounts', () => {
      async function mfaUser() {
        const email = await newUser();
        const db = await getDb();
        const { id } = await db.user.findUniqueOrThrow({ where: { email } });
        return { email, ...(await turnOnMfa({ id, email })) };
      }

      async function mfaToken(email: string): Promise<string> {
        const response = await token(formRequest('/api/auth/token', { grant_type: 'password', username: email, password }));
        expectNoStore(response);
        const body = (await response.json()) as Body;
        expect({ status: response.status, error: body.error }).toEqual({ status: 401, error: 'mfa_required' });
        expect(Object.keys(body).sort()).toEqual(['error', 'error_description', 'mfa_token']);
        expect(body.error_description).toMatch(/mfa_otp/);
        return String(body.mfa_token);
      }

      const otpGrant = (params: Record<string, string>) => token(formRequest('/api/auth/token', { grant_type: 'mfa_otp', ...params }));

      test('the password grant answers 401 mfa_required with an mfa_token and creates no session', async () => {
        const { email } = await mfaUser();
        const db = await getDb();
        const before = await db.session.count();
        const challenge = await mfaToken(email);
        expect(await db.session.count()).toBe(before);
        // The mfa_token is no access token.
        await expectError(await me(bearer(challenge)), 401, 'invalid_token');
        expect(decodeJwt(challenge).exp! - decodeJwt(challenge).iat!).toBe(300);
      });

      test('mfa_otp with the mfa_token and a code issues the tokens; the same code again is refused', async () => {
        const { email, secret } = await mfaUser();
        const code = totpCode(secret);
        const response = await otpGrant({ mfa_token: await mfaToken(email), otp: code });
        expect(response.status).toBe(200);
        expectNoStore(response);
        const body = (await response.json()) as Tokens;
        expect(Object.keys(body).sort()).toEqual(['access_token', 'device_token', 'expires_in', 'refresh_token', 'token_type']);
        expectDeviceTokenFor(body.device_token, body.access_token);
        expect(((await (await me(bearer(body.access_token))).json()) as Body).email).toBe(email);
        const replay = await otpGrant({ mfa_token: await mfaToken(email), otp: code });
        expectNoStore(replay);
        await expectError(replay, 400, 'invalid_grant', 'The otp is incorrect or has already been used.');
      });

      test('a JSON body and a recovery code work too; the recovery code only once', async () => {
        const { email, recoveryCodes } = await mfaUser();
        const otp = recoveryCodes[0]!;
        const response = await token(jsonRequest('/api/auth/token', { grant_type: 'mfa_otp', mfa_token: await mfaToken(email), otp }));
        expect(response.status).toBe(200);
        await expectError(await otpGrant({ mfa_token: await mfaToken(email), otp }), 400, 'invalid_grant', /otp is incorrect/);
      });

      test('a wrong code is invalid_grant, and the same mfa_token still works with the right one', async () => {
        const { email, secret } = await mfaUser();
        const challenge = await mfaToken(email);
        await expectError(await otpGrant({ mfa_token: challenge, otp: wrongTotpCode(secret) }), 400, 'invalid_grant', /otp is incorrect/);
        expect((await otpGrant({ mfa_token: challenge, otp: totpCode(secret) })).status).toBe(200);
      });

      test('an mfa_token works once: used again, even with another valid code, it is invalid_grant', async () => {
        const { email, secret, recoveryCodes } = await mfaUser();
        const challenge = await mfaToken(email);
        expect((await otpGrant({ mfa_token: challenge, otp: totpCode(secret) })).status).toBe(200);
        const db = await getDb();
        const before = await db.session.count();
        await expectError(await otpGrant({ mfa_token: challenge, otp: recoveryCodes[0]! }), 400, 'invalid_grant', /used already/);
        expect(await db.session.count()).toBe(before);
      });

      test('a forged or access-token mfa_token is invalid_grant; missing parameters are invalid_request', async () => {
        const { email, secret } = await mfaUser();
        const plain = await signInOverApi(await newUser());
        for (const candidate of ['garbage', plain.access_token, plain.refresh_token]) {
          await expectError(await otpGrant({ mfa_token: candidate, otp: totpCode(secret) }), 400, 'invalid_grant', /mfa_token is invalid, has expired/);
        }
        await expectError(await otpGrant({ mfa_token: await mfaToken(email) }), 400, 'invalid_request', /"otp"/);
        await expectError(await otpGrant({ otp: '123456' }), 400, 'invalid_request', /"mfa_token"/);
        await expectError(await otpGrant({}), 400, 'invalid_request', /"mfa_token" and "otp" parameters/);
      });
    });
  });
}
