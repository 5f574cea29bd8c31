// What a form's Server Action returns to the page: errors per field, one error for the whole
// form, and the values to put back (never a password).
export type FormState<Field extends string> = {
  fieldErrors?: Partial<Record<Field, string[]>>;
  formError?: string;
  values?: { email?: string };
};

/** The form error while the database does not answer (see lib/unavailable.ts). */
export const SERVICE_UNAVAILABLE = "The service is unavailable: Latchkey can't reach its database right now. Please try again in a minute.";
/** The form error while too many passwords wait to be checked (lib/auth/password-pool.ts). */
export const SERVICE_BUSY = 'The server is busy checking passwords. Please try again in a few seconds.';

export const UNAVAILABLE_MESSAGES = { unavailable: SERVICE_UNAVAILABLE, busy: SERVICE_BUSY } as const;
