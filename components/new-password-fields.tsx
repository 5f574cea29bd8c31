import { useTranslations } from 'next-intl';
import { FormField } from './form-field';

type Props = {
  /** Field names, e.g. `password` / `confirmPassword` or `newPassword` / `confirmNewPassword`. */
  names: [string, string];
  labels: [string, string];
  errors?: Partial<Record<string, string[]>>;
};

/**
 * A new password and its confirmation, with the rules as a hint. Sign-up, password change and
 * reset all ask for one; the rules themselves live in lib/auth/credentials.ts.
 */
export function NewPasswordFields({ names: [name, confirmName], labels: [label, confirmLabel], errors }: Props) {
  const t = useTranslations('formControls');
  return (
    <>
      <FormField
        name={name}
        label={label}
        type="password"
        autoComplete="new-password"
        required
        hint={t('newPasswordHint')}
        errors={errors?.[name]}
      />
      <FormField name={confirmName} label={confirmLabel} type="password" autoComplete="new-password" required errors={errors?.[confirmName]} />
    </>
  );
}
