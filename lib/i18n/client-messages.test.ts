import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLIENT_NAMESPACES, clientMessages } from './client-messages';
import { MESSAGES } from './messages';

// Every namespace a useTranslations hook reads is sent to the browser, and nothing else: a
// component added with a new namespace fails here instead of showing "namespace.key" in the page.

function sources(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.tsx?$/.test(file) && !file.includes('.test.'))
    .map((file) => path.join(folder, file));
}

const hookNamespaces = new Set(
  [...sources('app'), ...sources('components')].flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/useTranslations\('([\w.]+)'\)/g)].map((match) => match[1]!),
  ),
);

describe('client messages', () => {
  it('are exactly the namespaces the useTranslations hook reads', () => {
    expect([...CLIENT_NAMESPACES].sort()).toEqual([...hookNamespaces].sort());
  });

  it('pick those namespaces and leave the rest on the server', () => {
    const picked = clientMessages(MESSAGES.de);
    expect(picked.signIn).toEqual(MESSAGES.de.signIn);
    expect(picked.dashboard).toBeUndefined();
    expect(picked.mail).toBeUndefined();
    expect(picked.validation).toBeUndefined();
    expect(JSON.stringify(picked).length).toBeLessThan(JSON.stringify(MESSAGES.de).length / 2);
  });
});
