import { describe, expect, test } from 'vitest';
import { SERVICE_BUSY, SERVICE_UNAVAILABLE, toFormState } from './form-state';

type Result = { ok: false; error: 'unavailable' | 'busy' | 'throttled' | 'wrong_code' | 'gone'; retryAfterSeconds?: number };
const fail = (error: Result['error'], retryAfterSeconds?: number): Result => ({ ok: false, error, retryAfterSeconds });
const messages = { wrong_code: { field: 'code' as const, message: 'Wrong code.' }, gone: 'It is gone.' };

describe('toFormState', () => {
  test('says the same for every form when the database is down, the pool is busy or the attempt is throttled', () => {
    expect(toFormState(fail('unavailable'), messages)).toEqual({ formError: SERVICE_UNAVAILABLE });
    expect(toFormState(fail('busy'), messages)).toEqual({ formError: SERVICE_BUSY });
    expect(toFormState(fail('throttled', 120), messages)).toEqual({ formError: 'Too many attempts, try again in 2 minutes.' });
  });

  test("puts an action's own failure on the form or on a field, in the action's words", () => {
    expect(toFormState(fail('gone'), messages)).toEqual({ formError: 'It is gone.' });
    expect(toFormState(fail('wrong_code'), messages)).toEqual({ fieldErrors: { code: ['Wrong code.'] } });
  });

  test('a common failure may be placed on a field, keeping its own sentence', () => {
    expect(toFormState(fail('throttled', 60), { ...messages, throttled: { field: 'code' } })).toEqual({
      fieldErrors: { code: ['Too many attempts, try again in 1 minute.'] },
    });
  });

  test('a failure without words is a bug, not a blank form', () => {
    expect(() => toFormState({ ok: false, error: 'unknown' }, {} as never)).toThrow(/no words for "unknown"/);
  });
});
