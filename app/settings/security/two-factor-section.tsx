'use client';

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
const ANY_CODE_HINT = 'From your authenticator app, or one of your recovery codes.';

// One component holds every two-factor form's state, so the recovery codes returned by enabling
// survive the page switching from "setting up" to "on" underneath them.
// `recentSignIn`: the session signed in within the last 5 minutes, so turning two-factor on and
// new recovery codes need no password (lib/accounts/recent-authentication.ts); the action decides.
export function TwoFactorSection({ view, email, recentSignIn }: { view: TwoFactorView; email: string; recentSignIn: boolean }) {
  const [enableState, enableAction] = useActionState<CodesState, FormData>(enableMfaAction, {});
  const [regenerateState, regenerateAction] = useActionState<CodesState, FormData>(regenerateRecoveryCodesAction, {});
  const [disableState, disableAction] = useActionState<DisableState, FormData>(disableMfaAction, {});
  const newest = (regenerateState.shownAt ?? 0) > (enableState.shownAt ?? 0) ? regenerateState : enableState;

  if (view.state === 'off') {
    return (
      <>
        {disableState.done && (
          <p className="form-success" role="status">
            Two-factor authentication is off.
          </p>
        )}
        <p>
          Add a second step to signing in: after your password, a 6-digit code from an authenticator app on your phone (such as
          Google Authenticator, Microsoft Authenticator, 1Password or Aegis).
        </p>
        <form action={startMfaSetupAction}>
          <SubmitButton pendingLabel="Preparing…">Turn on two-factor authentication</SubmitButton>
        </form>
      </>
    );
  }
  if (view.state === 'setting_up') return <SetUp view={view} state={enableState} action={enableAction} askPassword={!recentSignIn || !!enableState.needsPassword} />;
  return (
    <>
      {newest.recoveryCodes && <RecoveryCodes codes={newest.recoveryCodes} email={email} />}
      <p className="form-success">
        Two-factor authentication is on (since {view.enabledAt}). {recoveryCodesLeft(view.recoveryCodesLeft)}
      </p>
      <RegenerateForm state={regenerateState} action={regenerateAction} askPassword={!recentSignIn || !!regenerateState.needsPassword} />
      <DisableForm state={disableState} action={disableAction} />
    </>
  );
}

function recoveryCodesLeft(count: number): string {
  if (count === 0) return 'You have no recovery codes left: create new ones.';
  return `You have ${count} recovery code${count === 1 ? '' : 's'} left.`;
}

type FormProps<State> = { state: State; action: (form: FormData) => void };
type StepUpProps = { askPassword: boolean };

const RECENT_SIGN_IN_HINT = 'Needed because you signed in more than 5 minutes ago.';

function CurrentPasswordField({ name, errors }: { name: string; errors?: string[] }) {
  return <FormField name={name} label="Current password" type="password" autoComplete="current-password" required hint={RECENT_SIGN_IN_HINT} errors={errors} />;
}

function SetUp({ view, state, action, askPassword }: FormProps<CodesState> & StepUpProps & { view: { secret: string; qrSvg: string } }) {
  return (
    <>
      <ol className="steps">
        <li>
          <p>Scan this QR code with your authenticator app.</p>
          {/* The SVG is drawn on our server by the qrcode package from the otpauth:// URI. */}
          <div className="qr" role="img" aria-label="QR image of the setup key, to scan with your authenticator app" dangerouslySetInnerHTML={{ __html: view.qrSvg }} />
          <p>Can’t scan it? Enter this key in the app instead:</p>
          <p>
            <code className="secret" data-testid="totp-secret">
              {view.secret.match(/.{1,4}/g)?.join(' ')}
            </code>
          </p>
        </li>
        <li>
          <p>Enter the 6-digit code the app now shows.</p>
          <ErrorFocusForm state={state} action={action}>
            <FormError message={state.formError} />
            <FormField name="code" label="Code" {...CODE_INPUT} required errors={state.fieldErrors?.code} />
            {askPassword && <CurrentPasswordField name="password" errors={state.fieldErrors?.password} />}
            <SubmitButton pendingLabel="Verifying…">Verify</SubmitButton>
          </ErrorFocusForm>
        </li>
      </ol>
      <form action={cancelMfaSetupAction} className="inline-actions">
        <button type="submit" className="secondary">
          Cancel
        </button>
      </form>
    </>
  );
}

function RegenerateForm({ state, action, askPassword }: FormProps<CodesState> & StepUpProps) {
  return (
    <ErrorFocusForm state={state} action={action} aria-labelledby="regenerate-title" className="subsection">
      <h3 id="regenerate-title">Recovery codes</h3>
      <p className="hint">Create a new set of 10 recovery codes. The old ones stop working.</p>
      <FormError message={state.formError} />
      <FormField name="regenerateCode" label="Code" {...ANY_CODE_INPUT} required hint={ANY_CODE_HINT} errors={state.fieldErrors?.regenerateCode} />
      {askPassword && <CurrentPasswordField name="regeneratePassword" errors={state.fieldErrors?.regeneratePassword} />}
      <SubmitButton pendingLabel="Creating…">Create new recovery codes</SubmitButton>
    </ErrorFocusForm>
  );
}

function DisableForm({ state, action }: FormProps<DisableState>) {
  return (
    <ErrorFocusForm state={state} action={action} aria-labelledby="disable-mfa-title" className="subsection">
      <h3 id="disable-mfa-title">Turn off two-factor authentication</h3>
      <p className="hint">Signing in will then need only your password. Your recovery codes will be deleted.</p>
      <FormError message={state.formError} />
      <FormField name="password" label="Current password" type="password" autoComplete="current-password" required errors={state.fieldErrors?.password} />
      <FormField name="disableCode" label="Code" {...ANY_CODE_INPUT} required hint={ANY_CODE_HINT} errors={state.fieldErrors?.disableCode} />
      <button type="submit" className="danger">
        Turn off two-factor authentication
      </button>
    </ErrorFocusForm>
  );
}
