import { useTranslations } from 'next-intl';
import type { FormState } from '@/lib/form-state';
import { FormField } from './form-field';

/**
 * The email field of sign-in, sign-up and the reset request, filled again with what was typed
 * when the form comes back with errors. `username` tells password managers it signs in.
 */
export function EmailField({ state, autoComplete = 'email' }: { state: FormState<'email'>; autoComplete?: 'email' | 'username' | 'username webauthn' }) {
  const t = useTranslations('formControls');
  return (
    <FormField
      name="email"
      label={t('email')}
      type="email"
      autoComplete={autoComplete}
      required
      defaultValue={state.values?.email}
      errors={state.fieldErrors?.email}
    />
  );
}
