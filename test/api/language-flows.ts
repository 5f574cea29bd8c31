import { describe, expect, test } from 'vitest';
import { POST as token } from '@/app/api/auth/token/route';
import { GET as me } from '@/app/api/users/me/route';
import { saveLanguage } from '@/lib/accounts/language';
import { getDb } from '@/lib/db';
import { LOCALE_COOKIE } from '@/lib/i18n/locales';
import { newUser } from '../support/accounts';
import { formRequest, meRequest } from '../support/api-requests';
import { expectError } from '../support/api-responses';
import { describeOnDatabase } from '../support/database';

// The JSON API says error_description in the language of the request's Accept-Language, and only
// that: not the latchkey_lang cookie, not the account's saved language. The error code is the same
// in every language; programs match on it.

const GERMAN = { 'Accept-Language': 'de-DE,de;q=0.9,en;q=0.8' };
// RFC 6750 section 3: error_description is %x20-21 / %x23-5B / %x5D-7E.
const CHALLENGE = /^Bearer realm="latchkey", error="invalid_token", error_description="([\x20\x21\x23-\x5B\x5D-\x7E]+)"$/;

export function describeLanguageFlows(name: string): void {
  describeOnDatabase(`JSON API languages on ${name}`, () => {
    const wrongPassword = (headers: Record<string, string> = {}, username = 'nobody@example.com') =>
      token(formRequest('/api/auth/token', { grant_type: 'password', username, password: 'not-the-password' }, headers));

    describe('error_description', () => {
      test('is German for Accept-Language: de, English without the header, with the same error code', async () => {
        await expectError(await wrongPassword(GERMAN), 400, 'invalid_grant', 'E-Mail-Adresse oder Passwort ist falsch.');
        await expectError(await wrongPassword(), 400, 'invalid_grant', 'Incorrect email or password.');
        await expectError(await wrongPassword({ 'Accept-Language': 'fr-FR, de;q=0.5' }), 400, 'invalid_grant', 'E-Mail-Adresse oder Passwort ist falsch.');
        await expectError(await wrongPassword({ 'Accept-Language': 'ja, fr' }), 400, 'invalid_grant', 'Incorrect email or password.');
        const missing = await token(formRequest('/api/auth/token', { grant_type: 'password' }, GERMAN));
        await expectError(missing, 400, 'invalid_request', 'In der Anfrage fehlen die Parameter „username“ und „password“.');
      });

      test('ignores the language cookie and the saved language: programs choose by the header', async () => {
        await expectError(await wrongPassword({ Cookie: `${LOCALE_COOKIE}=de` }), 400, 'invalid_grant', 'Incorrect email or password.');
        const email = await newUser();
        const db = await getDb();
        await saveLanguage((await db.user.findUniqueOrThrow({ where: { email } })).id, 'de');
        await expectError(await wrongPassword({}, email), 400, 'invalid_grant', 'Incorrect email or password.');
      });
    });

    describe('WWW-Authenticate', () => {
      test('repeats the description in the same language, as RFC 6750 allows it: printable ASCII, no quote or backslash', async () => {
        const german = await me(meRequest(GERMAN));
        const body = await expectError(german, 401, 'invalid_token', 'Die Anfrage enthält kein Zugriffstoken. Senden Sie Authorization: Bearer <Zugriffstoken>.');
        expect(body.error).toBe('invalid_token');
        expect(german.headers.get('www-authenticate')).toMatch(CHALLENGE);
        expect(CHALLENGE.exec(german.headers.get('www-authenticate')!)?.[1]).toBe('Die Anfrage enthaelt kein Zugriffstoken. Senden Sie Authorization: Bearer <Zugriffstoken>.');

        const english = await me(meRequest({ ...GERMAN, 'Accept-Language': 'en', Authorization: 'Bearer not-a-token' }));
        await expectError(english, 401, 'invalid_token', 'The access token is invalid, expired or revoked.');
        expect(CHALLENGE.exec(english.headers.get('www-authenticate')!)?.[1]).toBe('The access token is invalid, expired or revoked.');
      });
    });
  });
}
