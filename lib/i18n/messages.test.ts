import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { LOCALES } from './locales';
import { MESSAGES } from './messages';

// Every language has exactly the keys English has, each a message ICU can parse, with the same
// placeholders: a translation that drops {email} or adds a key nobody reads fails here.

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const entries = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') entries.set(path, value);
    else for (const [nested, text] of flatten(value, path)) entries.set(nested, text);
  }
  return entries;
}

function placeholders(message: string, locale: string): string[] {
  const names = new Set<string>();
  const walk = (elements: unknown[]) => {
    for (const element of elements as { type: number; value?: string; options?: Record<string, { value: unknown[] }>; children?: unknown[] }[]) {
      // Literals (0) and # (7) name nothing; every other element is an argument or a tag.
      if (element.type !== 0 && element.type !== 7 && element.value) names.add(element.value);
      for (const option of Object.values(element.options ?? {})) walk(option.value);
      if (element.children) walk(element.children);
    }
  };
  walk(new IntlMessageFormat(message, locale, undefined, { ignoreTag: false }).getAst());
  return [...names].sort();
}

const english = flatten(MESSAGES.en);

describe.each(LOCALES.filter((locale) => locale !== 'en'))('messages/%s.json', (locale) => {
  const translated = flatten(MESSAGES[locale]);

  it('has every key English has', () => {
    expect([...english.keys()].filter((key) => !translated.has(key))).toEqual([]);
  });

  it('has no key English lacks', () => {
    expect([...translated.keys()].filter((key) => !english.has(key))).toEqual([]);
  });

  it('uses the same placeholders and tags as English in every message', () => {
    const differing = [...english].filter(([key, text]) => {
      const other = translated.get(key);
      return other !== undefined && placeholders(text, 'en').join() !== placeholders(other, locale).join();
    });
    expect(differing.map(([key]) => key)).toEqual([]);
  });

  it('translates every message it has (no empty string)', () => {
    expect([...translated].filter(([, text]) => text.trim() === '').map(([key]) => key)).toEqual([]);
  });
});

describe('the check itself', () => {
  it('sees placeholders, plural arguments and tags', () => {
    expect(placeholders('Hi {name}, {count, plural, one {# code} other {# codes}} <b>left</b>', 'en')).toEqual(['b', 'count', 'name']);
  });
});
