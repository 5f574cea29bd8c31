import { useTranslations } from 'next-intl';
import { CopyButton } from './copy-button';

/**
 * A new set of recovery codes, shown once, with a download (a data: link, so it works without
 * scripts) and a copy button.
 */
export function RecoveryCodes({ codes, email }: { codes: string[]; email: string }) {
  const t = useTranslations('twoFactor');
  const text = [t('codesFileTitle', { email }), t('codesFileHint'), '', ...codes, ''].join('\n');
  return (
    <section className="recovery-codes" aria-labelledby="recovery-codes-title">
      <h3 id="recovery-codes-title">{t('saveCodesTitle')}</h3>
      <p>{t('saveCodesIntro')}</p>
      <ol className="codes" data-testid="recovery-codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <div className="button-row">
        <a className="button-link secondary" href={`data:text/plain;charset=utf-8,${encodeURIComponent(text)}`} download="latchkey-recovery-codes.txt">
          {t('download')}
        </a>
        <CopyButton text={text}>{t('copy')}</CopyButton>
      </div>
    </section>
  );
}
