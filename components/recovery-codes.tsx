import { CopyButton } from './copy-button';

/**
 * A new set of recovery codes, shown once, with a download (a data: link, so it works without
 * scripts) and a copy button.
 */
export function RecoveryCodes({ codes, email }: { codes: string[]; email: string }) {
  const text = [`Latchkey recovery codes for ${email}`, 'Each code signs you in once. Keep them somewhere safe.', '', ...codes, ''].join('\n');
  return (
    <section className="recovery-codes" aria-labelledby="recovery-codes-title">
      <h3 id="recovery-codes-title">Save your recovery codes</h3>
      <p>
        If you lose your authenticator app, each of these codes signs you in once. This is the only time they are shown: download
        or copy them now and keep them somewhere safe.
      </p>
      <ol className="codes" data-testid="recovery-codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <div className="button-row">
        <a className="button-link secondary" href={`data:text/plain;charset=utf-8,${encodeURIComponent(text)}`} download="latchkey-recovery-codes.txt">
          Download
        </a>
        <CopyButton text={text}>Copy</CopyButton>
      </div>
    </section>
  );
}
