import { tooManyAttemptsMessage } from './auth/throttle';

// What a form's Server Action returns to the page: errors per field, one error for the whole
// form, and the values to put back (never a password). toFormState turns any failed result into
// it, so every form says the same thing when the database is down, the password pool is busy or
// the attempt is throttled, and each action words only its own failures.

export type FormState<Field extends string> = {
  fieldErrors?: Partial<Record<Field, string[]>>;
  formError?: string;
  values?: { email?: string };
};

/** The form error while the database does not answer (see lib/unavailable.ts). */
export const SERVICE_UNAVAILABLE = "The service is unavailable: Latchkey can't reach its database right now. Please try again in a minute.";
/** The form error while too many passwords wait to be checked (lib/auth/password-pool.ts). */
export const SERVICE_BUSY = 'The server is busy checking passwords. Please try again in a few seconds.';

type Failure = { ok: false; error: string; retryAfterSeconds?: number };
type CommonError = 'unavailable' | 'busy' | 'throttled';

/** Where a failure's sentence goes: the whole form, or one field (a common failure's own sentence when none is given). */
type Placement<Field extends string> = string | { field: Field; message?: string };

/**
 * The words for an action's own failures, and optionally where a common one goes (a wrong code
 * waits next to the code field, say). Common failures not named here go to the whole form.
 */
export type FailureMessages<Error extends string, Field extends string> = Record<Exclude<Error, CommonError>, Placement<Field>> &
  Partial<Record<Extract<Error, CommonError>, { field: Field }>>;

export function toFormState<F extends Failure, Field extends string>(
  failure: F,
  messages: FailureMessages<F['error'], Field>,
): FormState<Field> {
  const placement = (messages as Record<string, Placement<Field> | undefined>)[failure.error];
  const sentence = commonSentence(failure) ?? (typeof placement === 'string' ? placement : placement?.message);
  if (sentence === undefined) throw new Error(`toFormState: no words for "${failure.error}"`);
  if (placement === undefined || typeof placement === 'string') return { formError: sentence };
  return { fieldErrors: { [placement.field]: [sentence] } as Partial<Record<Field, string[]>> };
}

function commonSentence(failure: Failure): string | null {
  if (failure.error === 'unavailable') return SERVICE_UNAVAILABLE;
  if (failure.error === 'busy') return SERVICE_BUSY;
  if (failure.error === 'throttled') return tooManyAttemptsMessage(failure.retryAfterSeconds ?? 60);
  return null;
}
