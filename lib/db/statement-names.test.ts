import { describe, expect, test } from 'vitest';
import { createStatementNamer } from './statement-names';

const query = (sql: string) => ({ sql, args: [], argTypes: [] });

describe('statement names', () => {
  test('one SQL text always gets the same name, and two texts two names', () => {
    const name = createStatementNamer();
    const first = name(query('SELECT 1'));
    expect(first).toMatch(/^lk_[\w-]{32}$/);
    expect(name(query('SELECT 1'))).toBe(first);
    expect(name(query('SELECT 2'))).not.toBe(first);
    // Names depend on the text alone, not on which namer (which database) gave them.
    expect(createStatementNamer()(query('SELECT 1'))).toBe(first);
  });

  test('past the cap new texts run unnamed, while the texts already named keep their names', () => {
    const name = createStatementNamer(2);
    const a = name(query('SELECT 1'));
    const b = name(query('SELECT 2'));
    expect(name(query('SELECT 3'))).toBe('');
    expect(name(query('SELECT 1'))).toBe(a);
    expect(name(query('SELECT 2'))).toBe(b);
  });
});
