import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';

// The layering of lib/ (docs/architecture.md), checked on every import: mechanism never imports a
// use case, and nothing below the edges imports an edge. A rule broken here fails the suite.

const ROOT = path.resolve(__dirname, '..');

/** Folders of lib/ (or app/ and components/), and what none of their modules may import. */
const FORBIDDEN: Record<string, string[]> = {
  'lib/db': ['lib/auth', 'lib/request', 'lib/accounts', 'lib/oauth', 'lib/audit', 'lib/mail', 'lib/admin', 'lib/api', 'app', 'components'],
  'lib/mail': ['lib/auth', 'lib/accounts', 'lib/oauth', 'lib/audit', 'lib/admin', 'lib/api', 'app', 'components'],
  'lib/auth': ['lib/accounts', 'lib/oauth', 'lib/audit', 'lib/mail', 'lib/admin', 'lib/api', 'app', 'components'],
  'lib/request': ['lib/accounts', 'lib/oauth', 'lib/audit', 'lib/mail', 'lib/admin', 'lib/api', 'app', 'components'],
  'lib/accounts': ['lib/oauth', 'lib/admin', 'lib/api', 'app', 'components'],
  'lib/oauth': ['lib/admin', 'lib/api', 'app', 'components'],
  'lib/admin': ['lib/api', 'app', 'components'],
  'lib/api': ['lib/admin', 'app', 'components'],
  components: ['app'],
};

function sourceFiles(folder: string): string[] {
  return readdirSync(path.join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.(ts|tsx|mjs)$/.test(file) && !file.endsWith('.test.ts') && !file.startsWith('generated'))
    .map((file) => path.join(folder, file));
}

/** Every module a file imports, as a path from the repository root (packages are left out). */
function importsOf(file: string): string[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  const specifiers = [...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"]([^'"]+)['"]/g)].map((match) => match[1]!);
  return specifiers.flatMap((specifier) => {
    if (specifier.startsWith('@/')) return [specifier.slice(2)];
    if (specifier.startsWith('.')) return [path.relative(ROOT, path.resolve(ROOT, path.dirname(file), specifier))];
    return [];
  });
}

const within = (target: string, folder: string) => target === folder || target.startsWith(`${folder}/`) || target.startsWith(`${folder}.`);

describe('layers', () => {
  for (const [folder, forbidden] of Object.entries(FORBIDDEN)) {
    test(`${folder} imports nothing from ${forbidden.join(', ')}`, () => {
      const violations = sourceFiles(folder).flatMap((file) =>
        importsOf(file)
          .filter((target) => forbidden.some((above) => within(target, above)))
          .map((target) => `${file} -> ${target}`),
      );
      expect(violations).toEqual([]);
    });
  }

  test('the check sees imports (a control)', () => {
    expect(importsOf('lib/accounts/sign-in.ts')).toContain('lib/auth/throttle');
  });
});
