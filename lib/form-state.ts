import { getLocale, getTranslations } from 'next-intl/server';
import { z } from 'zod';
import { retryMinutes } from './auth/throttle';
import { validationMessage } from './i18n/validation';

// What a form's Server Action returns to the page: errors per field, one error for the whole
// form, and the values to put back (never a password). toFormState turns any failed result into
// it, so every form says the same thing when the database is down, the password pool is busy or
// the attempt is throttled, and each action words only its own failures. Every sentence is in the
// visitor's language (messages/*.json, namespaces "forms" and "validation").

export type FormState<Field extends string> = {
  fieldErrors?: Partial<Record<Field, string[]>>;
  formError?: string;
  values?: { email?: string };
};

type Failure = { ok: false; error: string; retryAfterSeconds?: number };
type CommonError = 'unavailable' | 'busy' | 'throttled';

/** Where a failure's sentence goes: the whole form, or one field (a common failure's own sentence when none is given). */
type Placement<Field extends string> = string | { field: Field; message?: string };

/**
 * The words for an action's own failures (already in the visitor's language: the action
 * translates them), and optionally where a common one goes (a wrong code waits next to the code
 * field, say). Common failures not named here go to the whole form.
 */
export type FailureMessages<Error extends string, Field extends string> = Record<Exclude<Error, CommonError>, Placement<Field>> &
  Partial<Record<Extract<Error, CommonError>, { field: Field }>>;

export async function toFormState<F extends Failure, Field extends string>(
  failure: F,
  messages: FailureMessages<F['error'], Field>,
): Promise<FormState<Field>> {
  const placement = (messages as Record<string, Placement<Field> | undefined>)[failure.error];
  const sentence = (await commonSentence(failure)) ?? (typeof placement === 'string' ? placement : placement?.message);
  if (sentence === undefined) throw new Error(`toFormState: no words for "${failure.error}"`);
  if (placement === undefined || typeof placement === 'string') return { formError: sentence };
  return { fieldErrors: { [placement.field]: [sentence] } as Partial<Record<Field, string[]>> };
}

/** The sentence for a failure every form can meet, in the visitor's language; null for an action's own. */
export async function commonSentence(failure: { error: string; retryAfterSeconds?: number }): Promise<string | null> {
  if (failure.error !== 'unavailable' && failure.error !== 'busy' && failure.error !== 'throttled') return null;
  const t = await getTranslations('forms');
  if (failure.error === 'unavailable') return t('unavailable');
  if (failure.error === 'busy') return t('busy');
  return t('throttled', { minutes: retryMinutes(failure.retryAfterSeconds ?? 60) });
}

/**
 * The sentences for a schema's refusals, per field. Schemas (lib/auth/credentials.ts) name a
 * message of the "validation" namespace instead of holding English.
 */
export async function fieldErrorsOf<Field extends string>(error: z.ZodError): Promise<Partial<Record<Field, string[]>>> {
  const translate = await validationTranslator();
  const { fieldErrors } = z.flattenError(error);
  return Object.fromEntries(Object.entries(fieldErrors).map(([field, keys]) => [field, (keys as string[]).map(translate)])) as Partial<
    Record<Field, string[]>
  >;
}

/** The sentences for the refusals of a schema of one value (an email, a name), for the caller's field. */
export async function valueErrorsOf(error: z.ZodError): Promise<string[]> {
  const translate = await validationTranslator();
  return z.flattenError(error).formErrors.map(translate);
}

async function validationTranslator(): Promise<(key: string) => string> {
  const locale = await getLocale();
  return (key) => validationMessage(locale, key);
}
