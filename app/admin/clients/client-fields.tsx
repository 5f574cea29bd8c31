'use client';

import { useTranslations } from 'next-intl';
import { CopyButton } from '@/components/copy-button';
import { FormField } from '@/components/form-field';
import { SCOPES } from '@/lib/oauth/scopes';
import type { ClientField, ClientFormState } from './actions';

export type ClientValues = { name: string; redirectUris: string[]; postLogoutRedirectUris: string[]; scopes: string[] };

/** The fields of an app's registration, for registering and for editing one. */
export function ClientFields({ state, values: saved }: { state: ClientFormState; values?: ClientValues }) {
  const t = useTranslations('adminClients');
  const errors = state.fieldErrors ?? {};
  const values = state.values ?? saved;
  return (
    <>
      <FormField name="name" label={t('name')} defaultValue={values?.name} required maxLength={100} errors={errors.name} />
      <UriList name="redirectUris" label={t('redirectUris')} hint={t('redirectUrisHint')} values={values?.redirectUris} errors={errors.redirectUris} />
      <UriList name="postLogoutRedirectUris" label={t('postLogoutRedirectUris')} hint={t('postLogoutHint')} values={values?.postLogoutRedirectUris} errors={errors.postLogoutRedirectUris} />
      <fieldset className="field" aria-describedby={errors.scopes ? 'field-scopes-error' : undefined}>
        <legend>{t('scopes')}</legend>
        {SCOPES.map((scope) => (
          <label key={scope} className="checkbox">
            <input
              type="checkbox"
              name="scopes"
              value={scope}
              defaultChecked={scope === 'openid' || (values ? values.scopes.includes(scope) : scope !== 'offline_access')}
              disabled={scope === 'openid'}
            />{' '}
            <code>{scope}</code> {t(`scopeHints.${scope}`)}
          </label>
        ))}
        {errors.scopes && (
          <ul id="field-scopes-error" className="field-error">
            {errors.scopes.map((error) => <li key={error}>{error}</li>)}
          </ul>
        )}
      </fieldset>
    </>
  );
}

/** A textarea of URIs, one per line, with its hint and errors announced with it. */
function UriList({ name, label, hint, values, errors }: { name: ClientField; label: string; hint: string; values?: string[]; errors?: string[] }) {
  const id = `field-${name}`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        name={name}
        rows={3}
        defaultValue={values?.join('\n')}
        aria-invalid={errors ? true : undefined}
        aria-describedby={[`${id}-hint`, errors ? `${id}-error` : null].filter(Boolean).join(' ')}
        spellCheck={false}
      />
      <p id={`${id}-hint`} className="hint">
        {hint}
      </p>
      {errors && (
        <ul id={`${id}-error`} className="field-error">
          {errors.map((error) => <li key={error}>{error}</li>)}
        </ul>
      )}
    </div>
  );
}

/** The client_id and new secret of an app just registered or given a new secret, shown this once. */
export function ShownSecret({ shown }: { shown: NonNullable<ClientFormState['shown']> }) {
  const t = useTranslations('adminClients');
  // The copy button's own "Copied" is announced apart, outside this announcement.
  return (
    <>
      <div className="form-success" role="status">
        <p>{shown.name ? t('registered', { name: shown.name }) : t('rotated')}</p>
        <dl className="client-credentials">
          <dt>client_id</dt>
          <dd>
            <code>{shown.clientId}</code>
          </dd>
          {shown.secret && (
            <>
              <dt>client_secret</dt>
              <dd>
                <code data-testid="client-secret">{shown.secret}</code>
              </dd>
            </>
          )}
        </dl>
        {shown.secret && (
          <p>
            <strong>{t('secretOnce')}</strong>
          </p>
        )}
      </div>
      {shown.secret && (
        <div className="button-row">
          <CopyButton text={shown.secret}>{t('copySecret')}</CopyButton>
        </div>
      )}
    </>
  );
}
