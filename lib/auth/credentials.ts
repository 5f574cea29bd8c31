import { z } from 'zod';
import { isCommonPassword } from './common-passwords';
import { MAX_PASSWORD_BYTES, passwordByteLength } from './password';

// What a valid email and password are. Each refusal names a message of the "validation"
// namespace (messages/*.json), which lib/form-state.ts (fieldErrorsOf) turns into the sentence a
// person sees next to the field, in their language.

export const MIN_PASSWORD_CHARACTERS = 8;
export const MAX_EMAIL_CHARACTERS = 254;
export const MAX_PASSKEY_NAME_CHARACTERS = 64;

export const emailSchema = z
  .string({ error: 'emailRequired' })
  .trim()
  .toLowerCase()
  .min(1, 'emailRequired')
  .max(MAX_EMAIL_CHARACTERS, 'emailTooLong')
  .pipe(z.email('emailInvalid'));

const isLongEnough = (password: string) => [...password].length >= MIN_PASSWORD_CHARACTERS;

export const newPasswordSchema = z
  .string({ error: 'passwordRequired' })
  .refine(isLongEnough, {
    error: 'passwordTooShort',
  })
  .refine((password) => passwordByteLength(password) <= MAX_PASSWORD_BYTES, {
    error: 'passwordTooLong',
  })
  // A short password has already been told so; one message at a time.
  .refine((password) => !isLongEnough(password) || !isCommonPassword(password), {
    error: 'passwordCommon',
  });

/** A refinement that refuses a password equal to the account's email, reported on the password field. */
function differsFromEmail<Field extends string>(field: Field) {
  const check = (input: Record<Field | 'email', string>) =>
    input[field].trim().toLowerCase() !== input.email.trim().toLowerCase();
  return [check, { path: [field] as PropertyKey[], error: 'passwordIsEmail' }] as const;
}

/**
 * A refinement that reports "Passwords do not match." (passwordsDiffer) on the confirmation field. It runs even when
 * other fields have errors, so every mistake is shown at once.
 */
function confirmationMatches<Field extends string, Confirm extends string>(field: Field, confirm: Confirm) {
  const check = (input: Record<Field | Confirm, string>) => input[field] === input[confirm];
  return [
    check,
    {
      path: [confirm] as PropertyKey[],
      error: 'passwordsDiffer',
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
    confirmPassword: z.string({ error: 'confirmPasswordRequired' }),
  })
  .refine(...confirmationMatches('password', 'confirmPassword'))
  .refine(...differsFromEmail('password'));

// Choosing a new password for an existing account: `email` is the account's, supplied by the
// action, not by the form.
const newPasswordFields = {
  email: z.string(),
  newPassword: newPasswordSchema,
  confirmNewPassword: z.string({ error: 'confirmNewPasswordRequired' }),
};

/** Change password (signed in): the current password too. */
export const changePasswordSchema = z
  .object({
    ...newPasswordFields,
    currentPassword: z.string({ error: 'currentPasswordRequired' }).min(1, 'currentPasswordRequired'),
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
  password: z.string({ error: 'signInPasswordRequired' }).min(1, 'signInPasswordRequired').max(1024, 'wrongCredentials'),
});

export type SignInInput = z.infer<typeof signInSchema>;
