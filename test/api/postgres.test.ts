import { createTestDatabase, postgresAvailable } from '../support/postgres';
import { describeApi } from './api-flows';

// The JSON API on PostgreSQL through @prisma/adapter-pg, in a database of this file's own.
if (postgresAvailable('JSON API')) {
  process.env.DATABASE_URL = await createTestDatabase();
  describeApi('PostgreSQL');
}
