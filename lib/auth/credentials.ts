import { z } from 'zod';
import { isCommonPassword } from './common-passwords';
import { MAX_PASSWORD_BYTES, passwordByteLength } from './password';

// What a valid email and password are, with the sentences a person sees next to the field.

const MIN_PASSWORD_CHARACTERS = 8;

export const emailSchema = z
  .string({ error: 'Enter your email address.' })
  .trim()
  .toLowerCase()
  .min(1, 'Enter your email address.')
  .max(254, 'Email must be at most 254 characters.')
  .pipe(z.email('Enter a valid email address, like name@example.com.'));

const isLongEnough = (password: string) => [...password].length >= MIN_PASSWORD_CHARACTERS;

export const newPasswordSchema = z
  .string({ error: 'Enter a password.' })
  .refine(isLongEnough, {
    error: `Password must be at least ${MIN_PASSWORD_CHARACTERS} characters.`,
  })
  .refine((password) => passwordByteLength(password) <= MAX_PASSWORD_BYTES, {
    error: `Password must be at most ${MAX_PASSWORD_BYTES} bytes (UTF-8). Letters outside English can take 2 to 4 bytes each.`,
  })
  // A short password has already been told so; one message at a time.
  .refine((password) => !isLongEnough(password) || !isCommonPassword(password), {
    error: 'This password is one of the 10,000 most common. Choose one that is harder to guess.',
  });

/** A refinement that refuses a password equal to the account's email, reported on the password field. */
function differsFromEmail<Field extends string>(field: Field) {
  const check = (input: Record<Field | 'email', string>) =>
    input[field].trim().toLowerCase() !== input.email.trim().toLowerCase();
  return [check, { path: [field] as PropertyKey[], error: 'Password must not be your email address.' }] as const;
}

/**
 * A refinement that reports "Passwords do not match." on the confirmation field. It runs even when
 * other fields have errors, so every mistake is shown at once.
 */
function confirmationMatches<Field extends string, Confirm extends string>(field: Field, confirm: Confirm) {
  const check = (input: Record<Field | Confirm, string>) => input[field] === input[confirm];
  return [
    check,
    {
      path: [confirm] as PropertyKey[],
      error: 'Passwords do not match.',
      when: ({ value }: { value: unknown }) => {
        const input = value as Record<string, unknown>;
        return typeof input[field] === 'string' && typeof input[confirm] === 'string';
      },
    },
  ] as [typeof check, { path: PropertyKey[]; error: string; when: (payload: { value: unknown }) => boolean }];
}

export const signUpSchema = z
  .object({
    email: emailSchema,
    password: newPasswordSchema,
    confirmPassword: z.string({ error: 'Confirm your password.' }),
  })
  .refine(...confirmationMatches('password', 'confirmPassword'))
  .refine(...differsFromEmail('password'));

// Choosing a new password for an existing account: `email` is the account's, supplied by the
// action, not by the form.
const newPasswordFields = {
  email: z.string(),
  newPassword: newPasswordSchema,
  confirmNewPassword: z.string({ error: 'Confirm your new password.' }),
};

/** Change password (signed in): the current password too. */
export const changePasswordSchema = z
  .object({
    ...newPasswordFields,
    currentPassword: z.string({ error: 'Enter your current password.' }).min(1, 'Enter your current password.'),
  })
  .refine(...confirmationMatches('newPassword', 'confirmNewPassword'))
  .refine(...differsFromEmail('newPassword'));

/** Reset password (from a mailed link), or the first password of an account made with a passkey: the same rules, no current password. */
export const resetPasswordSchema = z
  .object(newPasswordFields)
  .refine(...confirmationMatches('newPassword', 'confirmNewPassword'))
  .refine(...differsFromEmail('newPassword'));

export const signInSchema = z.object({
  email: emailSchema,
  password: z.string({ error: 'Enter your password.' }).min(1, 'Enter your password.').max(1024, 'Incorrect email or password.'),
});

export type SignInInput = z.infer<typeof signInSchema>;
