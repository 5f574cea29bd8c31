// Finds secrets in a server's log (e2e/secrets-in-log.server-log.spec.ts, and the integration test
// of the logger). A long secret counts wherever it appears; a short one (a six-digit code) only
// as a whole word, not inside a longer run of letters and digits, where it would be chance.

export type Secret = { kind: string; value: string };
/** Where a secret was found; `preview` is its first characters, enough to tell which. */
export type Finding = { kind: string; preview: string; line: number };

const WHOLE_WORD_BELOW = 12;

export function findSecrets(log: string, secrets: Secret[]): Finding[] {
  const lines = log.split('\n');
  const findings: Finding[] = [];
  for (const secret of unique(secrets)) {
    const matches = secret.value.length < WHOLE_WORD_BELOW ? wholeWord(secret.value) : (line: string) => line.includes(secret.value);
    const index = lines.findIndex(matches);
    if (index !== -1) findings.push({ kind: secret.kind, preview: `${secret.value.slice(0, 4)}…`, line: index + 1 });
  }
  return findings;
}

function wholeWord(value: string): (line: string) => boolean {
  const pattern = new RegExp(`(?<![A-Za-z0-9])${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9])`);
  return (line) => pattern.test(line);
}

function unique(secrets: Secret[]): Secret[] {
  return [...new Map(secrets.map((secret) => [secret.value, secret])).values()];
}
