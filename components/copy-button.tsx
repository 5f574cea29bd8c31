'use client';

import { useTranslations } from 'next-intl';
import { useState, useSyncExternalStore } from 'react';

const noSubscription = () => () => {};

/** Copies text to the clipboard. Rendered only once scripts run: without them it could not work. */
export function CopyButton({ text, children }: { text: string; children: string }) {
  const t = useTranslations('security');
  const scripted = useSyncExternalStore(noSubscription, () => true, () => false);
  const [copied, setCopied] = useState(false);
  if (!scripted) return null;
  return (
    <>
      <button
        type="button"
        className="secondary"
        onClick={async () => {
          await navigator.clipboard.writeText(text);
          setCopied(true);
        }}
      >
        {children}
      </button>
      <span role="status" className="hint">
        {copied ? t('copied') : ''}
      </span>
    </>
  );
}
