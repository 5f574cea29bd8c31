'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { ErrorFocusForm } from '@/components/action-form';
import { FormError } from '@/components/form-error';
import { FormField } from '@/components/form-field';
import { RecoveryCodes } from '@/components/recovery-codes';
import { SubmitButton } from '@/components/submit-button';
import {
  type CodesState,
  type DisableState,
  cancelMfaSetupAction,
  disableMfaAction,
  enableMfaAction,
  regenerateRecoveryCodesAction,
  startMfaSetupAction,
} from './two-factor-actions';

export type TwoFactorView =
  | { state: 'off' }
  | { state: 'setting_up'; secret: string; qrSvg: string }
  | { state: 'on'; enabledAt: string; recoveryCodesLeft: number };

const CODE_INPUT = { type: 'text', inputMode: 'numeric', autoComplete: 'one-time-code', autoCapitalize: 'none', spellCheck: false } as const;
// Where a recovery code is accepted too, the keyboard must offer letters.
const ANY_CODE_INPUT = { ...CODE_INPUT, inputMode: 'text' } as const;

// One component holds every two-factor form's state, so the recovery codes returned by enabling
// survive the page switching from "setting up" to "on" underneath them.
// `recentSignIn`: the session signed in within the last 5 minutes, so turning two-factor on and
// new recovery codes need no password (lib/accounts/recent-authentication.ts); the action decides.
export function TwoFactorSection({ view, email, recentSignIn }: { view: TwoFactorView; email: string; recentSignIn: boolean }) {
  const t = useTranslations('twoFactor');
  const [enableState, enableAction] = useActionState<CodesState, FormData>(enableMfaAction, {});
  const [regenerateState, regenerateAction] = useActionState<CodesState, FormData>(regenerateRecoveryCodesAction, {});
  const [disableState, disableAction] = useActionState<DisableState, FormData>(disableMfaAction, {});
  const newest = (regenerateState.shownAt ?? 0) > (enableState.shownAt ?? 0) ? regenerateState : enableState;

  if (view.state === 'off') {
    return (
      <>
        {disableState.done && (
          <p className="form-success" role="status">
            {t('turnedOff')}
          </p>
        )}
        <p>{t('intro')}</p>
        <form action={startMfaSetupAction}>
          <SubmitButton pendingLabel={t('preparing')}>{t('turnOn')}</SubmitButton>
        </form>
      </>
    );
  }
  if (view.state === 'setting_up') return <SetUp view={view} state={enableState} action={enableAction} askPassword={!recentSignIn || !!enableState.needsPassword} />;
  return (
    <>
      {newest.recoveryCodes && <RecoveryCodes codes={newest.recoveryCodes} email={email} />}
      <p className="form-success">
        {t('onSince', { time: view.enabledAt })} {t('codesLeft', { count: view.recoveryCodesLeft })}
      </p>
      <RegenerateForm state={regenerateState} action={regenerateAction} askPassword={!recentSignIn || !!regenerateState.needsPassword} />
      <DisableForm state={disableState} action={disableAction} />
    </>
  );
}

type FormProps<State> = { state: State; action: (form: FormData) => void };
type StepUpProps = { askPassword: boolean };

function CurrentPasswordField({ name, errors }: { name: string; errors?: string[] }) {
  const t = useTranslations('security');
  return (
    <FormField name={name} label={t('currentPassword')} type="password" autoComplete="current-password" required hint={t('recentSignInHint')} errors={errors} />
  );
}

function SetUp({ view, state, action, askPassword }: FormProps<CodesState> & StepUpProps & { view: { secret: string; qrSvg: string } }) {
  const t = useTranslations('twoFactor');
  return (
    <>
      <ol className="steps">
        <li>
          <p>{t('scan')}</p>
          {/* The SVG is drawn on our server by the qrcode package from the otpauth:// URI. */}
          <div className="qr" role="img" aria-label={t('qrLabel')} dangerouslySetInnerHTML={{ __html: view.qrSvg }} />
          <p>{t('cantScan')}</p>
          <p>
            <code className="secret" data-testid="totp-secret">
              {view.secret.match(/.{1,4}/g)?.join(' ')}
            </code>
          </p>
        </li>
        <li>
          <p>{t('enterCode')}</p>
          <ErrorFocusForm state={state} action={action}>
            <FormError message={state.formError} />
            <FormField name="code" label={t('code')} {...CODE_INPUT} required errors={state.fieldErrors?.code} />
            {askPassword && <CurrentPasswordField name="password" errors={state.fieldErrors?.password} />}
            <SubmitButton pendingLabel={t('verifying')}>{t('verify')}</SubmitButton>
          </ErrorFocusForm>
        </li>
      </ol>
      <form action={cancelMfaSetupAction} className="inline-actions">
        <button type="submit" className="secondary">
          {t('cancel')}
        </button>
      </form>
    </>
  );
}

function RegenerateForm({ state, action, askPassword }: FormProps<CodesState> & StepUpProps) {
  const t = useTranslations('twoFactor');
  return (
    <ErrorFocusForm state={state} action={action} aria-labelledby="regenerate-title" className="subsection">
      <h3 id="regenerate-title">{t('recoveryCodesTitle')}</h3>
      <p className="hint">{t('regenerateHint')}</p>
      <FormError message={state.formError} />
      <FormField name="regenerateCode" label={t('code')} {...ANY_CODE_INPUT} required hint={t('anyCodeHint')} errors={state.fieldErrors?.regenerateCode} />
      {askPassword && <CurrentPasswordField name="regeneratePassword" errors={state.fieldErrors?.regeneratePassword} />}
      <SubmitButton pendingLabel={t('creating')}>{t('regenerate')}</SubmitButton>
    </ErrorFocusForm>
  );
}

function DisableForm({ state, action }: FormProps<DisableState>) {
  const t = useTranslations('twoFactor');
  const tSecurity = useTranslations('security');
  return (
    <ErrorFocusForm state={state} action={action} aria-labelledby="disable-mfa-title" className="subsection">
      <h3 id="disable-mfa-title">{t('turnOffTitle')}</h3>
      <p className="hint">{t('turnOffHint')}</p>
      <FormError message={state.formError} />
      <FormField name="password" label={tSecurity('currentPassword')} type="password" autoComplete="current-password" required errors={state.fieldErrors?.password} />
      <FormField name="disableCode" label={t('code')} {...ANY_CODE_INPUT} required hint={t('anyCodeHint')} errors={state.fieldErrors?.disableCode} />
      <button type="submit" className="danger">
        {t('turnOff')}
      </button>
    </ErrorFocusForm>
  );
}
