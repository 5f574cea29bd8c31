import { createHash } from 'node:crypto';
import type { SqlQuery } from '@prisma/driver-adapter-utils';

// PostgreSQL parses and plans an unnamed statement on every execution, a named one once per
// connection. Prisma's pg adapter names nothing unless given names, and for the refresh-rotation
// statement planning costs more than running it: `npm run bench` figure 4 went from about 900 to
// 1,300-1,800 rotations/s with names. A name is a digest of the SQL text, so one text always gets
// the same name and two texts never share one (node-postgres refuses a name reused for another
// text). The number of names is capped: SQL generated without bound (lists of varying length)
// cannot grow every connection's statement cache forever; past the cap statements run unnamed.

export const MAX_NAMED_STATEMENTS = 1_000;

/** Returns the adapter's `statementNameGenerator`; an empty name means "do not prepare". */
export function createStatementNamer(max = MAX_NAMED_STATEMENTS): (query: SqlQuery) => string {
  const names = new Map<string, string>();
  return ({ sql }) => {
    let name = names.get(sql);
    if (name === undefined && names.size < max) {
      name = `lk_${createHash('sha256').update(sql).digest('base64url').slice(0, 32)}`;
      names.set(sql, name);
    }
    return name ?? '';
  };
}
