import { afterEach, describe, expect, test } from 'vitest';
import { z } from 'zod';
import { setTestLocale } from '@/test/support/next-intl-server';
import { emailSchema, signUpSchema } from './auth/credentials';
import { fieldErrorsOf, toFormState, valueErrorsOf } from './form-state';

type Result = { ok: false; error: 'unavailable' | 'busy' | 'throttled' | 'wrong_code' | 'gone'; retryAfterSeconds?: number };
const fail = (error: Result['error'], retryAfterSeconds?: number): Result => ({ ok: false, error, retryAfterSeconds });
const messages = { wrong_code: { field: 'code' as const, message: 'Wrong code.' }, gone: 'It is gone.' };

afterEach(() => setTestLocale('en'));

describe('toFormState', () => {
  test('says the same for every form when the database is down, the pool is busy or the attempt is throttled', async () => {
    expect(await toFormState(fail('unavailable'), messages)).toEqual({
      formError: "The service is unavailable: Latchkey can't reach its database right now. Please try again in a minute.",
    });
    expect(await toFormState(fail('busy'), messages)).toEqual({ formError: 'The server is busy checking passwords. Please try again in a few seconds.' });
    expect(await toFormState(fail('throttled', 120), messages)).toEqual({ formError: 'Too many attempts, try again in 2 minutes.' });
  });

  test('says it in the visitor’s language', async () => {
    setTestLocale('de');
    expect(await toFormState(fail('throttled', 30), messages)).toEqual({ formError: 'Zu viele Versuche, versuchen Sie es in 1 Minute erneut.' });
    expect((await toFormState(fail('unavailable'), messages)).formError).toMatch(/^Der Dienst ist nicht verfügbar/);
  });

  test("puts an action's own failure on the form or on a field, in the action's words", async () => {
    expect(await toFormState(fail('gone'), messages)).toEqual({ formError: 'It is gone.' });
    expect(await toFormState(fail('wrong_code'), messages)).toEqual({ fieldErrors: { code: ['Wrong code.'] } });
  });

  test('a common failure may be placed on a field, keeping its own sentence', async () => {
    expect(await toFormState(fail('throttled', 60), { ...messages, throttled: { field: 'code' } })).toEqual({
      fieldErrors: { code: ['Too many attempts, try again in 1 minute.'] },
    });
  });

  test('a failure without words is a bug, not a blank form', async () => {
    await expect(toFormState({ ok: false, error: 'unknown' }, {} as never)).rejects.toThrow(/no words for "unknown"/);
  });
});

describe('fieldErrorsOf and valueErrorsOf', () => {
  const signUp = (input: object) => {
    const parsed = signUpSchema.safeParse(input);
    if (parsed.success) throw new Error('expected a refusal');
    return parsed.error;
  };

  test('turn a schema’s refusals into sentences per field, with the numbers filled in', async () => {
    expect(await fieldErrorsOf(signUp({ email: 'nope', password: 'short', confirmPassword: 'other' }))).toEqual({
      email: ['Enter a valid email address, like name@example.com.'],
      password: ['Password must be at least 8 characters.'],
      confirmPassword: ['Passwords do not match.'],
    });
  });

  test('in German too', async () => {
    setTestLocale('de');
    expect(await fieldErrorsOf(signUp({ email: '', password: 'x'.repeat(80), confirmPassword: 'x'.repeat(80) }))).toEqual({
      email: ['Geben Sie Ihre E-Mail-Adresse ein.'],
      password: [expect.stringMatching(/^Das Passwort darf höchstens 72 Bytes/)],
    });
  });

  test('a single value’s refusals for the caller’s field', async () => {
    const parsed = emailSchema.safeParse('a'.repeat(250) + '@example.com');
    expect(parsed.success).toBe(false);
    expect(await valueErrorsOf(parsed.error!)).toEqual(['Email must be at most 254 characters.']);
  });

  test('a schema naming no message is a bug, never a raw key on the page', async () => {
    const parsed = z.string().min(3, 'noSuchMessage').safeParse('');
    await expect(valueErrorsOf(parsed.error!)).rejects.toThrow('No validation message "noSuchMessage"');
  });
});
