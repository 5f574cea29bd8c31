import { afterAll, beforeAll, describe } from 'vitest';
import { closeDatabase, getDatabase } from '@/lib/db';

/**
 * A describe block with the database open for its tests and closed after them, so each flow
 * file runs against the database its test file chose (DATABASE_URL, or PGlite in DATA_DIR).
 */
export function describeOnDatabase(title: string, body: () => void): void {
  describe(title, () => {
    beforeAll(async () => {
      await getDatabase();
    });
    afterAll(async () => {
      await closeDatabase();
    });
    body();
  });
}
