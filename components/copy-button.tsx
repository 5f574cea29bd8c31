'use client';

import { useState, useSyncExternalStore } from 'react';

const noSubscription = () => () => {};

/** Copies text to the clipboard. Rendered only once scripts run: without them it could not work. */
export function CopyButton({ text, children }: { text: string; children: string }) {
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
        {copied ? 'Copied.' : ''}
      </span>
    </>
  );
}
