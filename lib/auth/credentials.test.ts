import { describe, expect, test } from 'vitest';
import type { z } from 'zod';
import { validationMessage } from '../i18n/validation';
import { changePasswordSchema, emailSchema, newPasswordSchema, resetPasswordSchema, signInSchema, signUpSchema } from './credentials';

const MIN_MESSAGE = 'Password must be at least 8 characters.';
const MAX_MESSAGE = 'Password must be at most 72 bytes (UTF-8). Letters outside English can take 2 to 4 bytes each.';
const INVALID_EMAIL = 'Enter a valid email address, like name@example.com.';


/** The issues of a failed parse as `path: message` in English, so one assertion checks both. */
function issues(result: z.ZodSafeParseResult<unknown>): string[] {
  expect(result.success).toBe(false);
  return result.error!.issues.map((issue) => `${issue.path.join('.')}: ${validationMessage('en', issue.message)}`);
}

describe('emailSchema', () => {
  test('trims and lower-cases', () => {
    expect(emailSchema.parse('  Alice.Smith@Example.COM \n')).toBe('alice.smith@example.com');
    expect(emailSchema.parse('bob@example.com')).toBe('bob@example.com');
  });

  test.each(['alice', 'alice@', '@example.com', 'alice@example', 'alice example@example.com', 'a@b@example.com', 'alice@.com'])(
    'rejects %j with the message',
    (email) => {
      expect(issues(emailSchema.safeParse(email))).toEqual([`: ${INVALID_EMAIL}`]);
    },
  );

  test('empty or blank asks for the address', () => {
    expect(issues(emailSchema.safeParse(''))).toEqual([': Enter your email address.']);
    expect(issues(emailSchema.safeParse('   '))).toEqual([': Enter your email address.']);
  });

  test('a missing or non-string value asks for the address', () => {
    expect(issues(emailSchema.safeParse(undefined))).toEqual([': Enter your email address.']);
    expect(issues(emailSchema.safeParse(42))).toEqual([': Enter your email address.']);
  });

  test('longer than 254 characters is rejected', () => {
    const email = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}.com`;
    expect(email.length).toBe(258);
    expect(issues(emailSchema.safeParse(email))).toContain(': Email must be at most 254 characters.');
  });
});

describe('newPasswordSchema', () => {
  test('7 characters: rejected', () => {
    expect(issues(newPasswordSchema.safeParse('abcdefg'))).toEqual([`: ${MIN_MESSAGE}`]);
  });

  test('8 characters: accepted', () => {
    expect(newPasswordSchema.parse('abcdefgh')).toBe('abcdefgh');
  });

  test('72 ASCII bytes: accepted', () => {
    expect(newPasswordSchema.safeParse('a'.repeat(72)).success).toBe(true);
  });

  test('73 ASCII bytes: rejected with the byte limit message', () => {
    const messages = issues(newPasswordSchema.safeParse('a'.repeat(73)));
    expect(messages).toEqual([`: ${MAX_MESSAGE}`]);
    expect(messages[0]).toContain('at most 72 bytes');
  });

  test('24 three-byte characters (72 bytes): accepted; 25 (75 bytes): rejected', () => {
    expect(Buffer.byteLength('€'.repeat(24))).toBe(72);
    expect(newPasswordSchema.safeParse('€'.repeat(24)).success).toBe(true);
    expect(issues(newPasswordSchema.safeParse('€'.repeat(25)))).toEqual([`: ${MAX_MESSAGE}`]);
  });

  test('an emoji counts as one character: 8 emoji (32 bytes) accepted', () => {
    expect(newPasswordSchema.safeParse('😀'.repeat(8)).success).toBe(true);
  });

  test('4 emoji are 8 UTF-16 units but only 4 characters: rejected', () => {
    expect('😀'.repeat(4).length).toBe(8);
    expect(issues(newPasswordSchema.safeParse('😀'.repeat(4)))).toEqual([`: ${MIN_MESSAGE}`]);
  });

  test('18 emoji (72 bytes) accepted, 19 (76 bytes) rejected', () => {
    expect(newPasswordSchema.safeParse('😀'.repeat(18)).success).toBe(true);
    expect(issues(newPasswordSchema.safeParse('😀'.repeat(19)))).toEqual([`: ${MAX_MESSAGE}`]);
  });

  test('a missing password asks for one', () => {
    expect(issues(newPasswordSchema.safeParse(undefined))).toEqual([': Enter a password.']);
  });
});

describe('signUpSchema', () => {
  const valid = { email: ' New.User@Example.com ', password: 'long enough', confirmPassword: 'long enough' };

  test('valid input is normalized', () => {
    expect(signUpSchema.parse(valid)).toEqual({
      email: 'new.user@example.com',
      password: 'long enough',
      confirmPassword: 'long enough',
    });
  });

  test('mismatched confirmation: "Passwords do not match." on confirmPassword', () => {
    const result = signUpSchema.safeParse({ ...valid, confirmPassword: 'long enougH' });
    expect(issues(result)).toEqual(['confirmPassword: Passwords do not match.']);
    expect(result.error!.issues[0]!.path).toEqual(['confirmPassword']);
  });

  test('the mismatch is reported together with an invalid email in the same parse', () => {
    const result = signUpSchema.safeParse({ ...valid, email: 'not-an-email', confirmPassword: 'something else' });
    expect(issues(result).sort()).toEqual([`email: ${INVALID_EMAIL}`, 'confirmPassword: Passwords do not match.'].sort());
  });

  test('the mismatch is reported together with a too-long password', () => {
    const result = signUpSchema.safeParse({ email: 'a@example.com', password: 'a'.repeat(73), confirmPassword: 'b' });
    expect(issues(result).sort()).toEqual([`password: ${MAX_MESSAGE}`, 'confirmPassword: Passwords do not match.'].sort());
  });

  test('the mismatch is reported together with a too-short password', () => {
    // Not 'short': that is also one of the common passwords, which would add a third message.
    const result = signUpSchema.safeParse({ email: 'a@example.com', password: 'zq7#k', confirmPassword: 'zq7#kx' });
    expect(issues(result).sort()).toEqual([`password: ${MIN_MESSAGE}`, 'confirmPassword: Passwords do not match.'].sort());
  });

  test('a missing confirmation asks for it (no mismatch message on top)', () => {
    const result = signUpSchema.safeParse({ email: 'a@example.com', password: 'long enough' });
    expect(issues(result)).toEqual(['confirmPassword: Confirm your password.']);
  });
});

describe('signInSchema', () => {
  test('valid input: email normalized, password kept as typed', () => {
    expect(signInSchema.parse({ email: ' A@Example.com', password: ' pw ' })).toEqual({
      email: 'a@example.com',
      password: ' pw ',
    });
  });

  test('requires a password', () => {
    expect(issues(signInSchema.safeParse({ email: 'a@example.com', password: '' }))).toEqual([
      'password: Enter your password.',
    ]);
    expect(issues(signInSchema.safeParse({ email: 'a@example.com' }))).toEqual(['password: Enter your password.']);
  });

  test('does not apply the sign-up length rules (short existing passwords can still sign in)', () => {
    expect(signInSchema.safeParse({ email: 'a@example.com', password: 'x' }).success).toBe(true);
  });

  test('an absurdly long password is "incorrect", not a hint about rules', () => {
    expect(issues(signInSchema.safeParse({ email: 'a@example.com', password: 'x'.repeat(1025) }))).toEqual([
      'password: Incorrect email or password.',
    ]);
  });

  test('invalid email and missing password are both reported', () => {
    expect(issues(signInSchema.safeParse({ email: 'nope', password: '' }))).toEqual([
      `email: ${INVALID_EMAIL}`,
      'password: Enter your password.',
    ]);
  });
});

describe('password rules against guessing', () => {
  const COMMON = 'This password is one of the 10,000 most common. Choose one that is harder to guess.';
  const IS_EMAIL = 'Password must not be your email address.';

  test.each(['password123', 'sunshine', 'trustno1', 'qwerty123', 'football1'])('%s is refused as too common', (password) => {
    expect(issues(newPasswordSchema.safeParse(password))).toEqual([`: ${COMMON}`]);
  });

  test('the comparison ignores case: Password1 and PASSWORD1 are as common as password1', () => {
    for (const password of ['Password1', 'PASSWORD1']) expect(issues(newPasswordSchema.safeParse(password))).toEqual([`: ${COMMON}`]);
  });

  test('an uncommon password passes', () => {
    expect(newPasswordSchema.safeParse('correct-horse-battery').success).toBe(true);
  });

  test('a short common password gets only the length message', () => {
    expect(issues(newPasswordSchema.safeParse('123456'))).toEqual([`: ${MIN_MESSAGE}`]);
  });

  test('sign-up refuses a password equal to the email, in any case', () => {
    const email = 'Long.Name@Example.com';
    const result = signUpSchema.safeParse({ email, password: email.toUpperCase(), confirmPassword: email.toUpperCase() });
    expect(issues(result)).toEqual([`password: ${IS_EMAIL}`]);
  });

  test('a password change refuses the account email as the new password', () => {
    const email = 'someone-long@example.com';
    const result = changePasswordSchema.safeParse({ email, currentPassword: 'old-password-1', newPassword: email, confirmNewPassword: email });
    expect(issues(result)).toEqual([`newPassword: ${IS_EMAIL}`]);
  });
});

describe('resetPasswordSchema', () => {
  const email = 'ada@example.com';

  test('applies the sign-up rules to the new password, all at once', () => {
    const result = resetPasswordSchema.safeParse({ email, newPassword: 'zq7#k', confirmNewPassword: 'other' });
    expect(issues(result).sort()).toEqual(['confirmNewPassword: Passwords do not match.', 'newPassword: Password must be at least 8 characters.']);
    expect(issues(resetPasswordSchema.safeParse({ email, newPassword: 'password1', confirmNewPassword: 'password1' }))).toEqual([
      'newPassword: This password is one of the 10,000 most common. Choose one that is harder to guess.',
    ]);
  });

  test('refuses the account email as the password', () => {
    const result = resetPasswordSchema.safeParse({ email, newPassword: 'ADA@example.com', confirmNewPassword: 'ADA@example.com' });
    expect(issues(result)).toEqual(['newPassword: Password must not be your email address.']);
  });

  test('accepts a good password', () => {
    expect(resetPasswordSchema.safeParse({ email, newPassword: 'new-staple-lantern-42', confirmNewPassword: 'new-staple-lantern-42' }).success).toBe(true);
  });
});
