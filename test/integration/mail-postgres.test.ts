import { afterAll } from 'vitest';
import { createTestDatabase, postgresAvailable } from '../support/postgres';
import { startTestSmtp } from '../support/smtp';
import { describeMailFlows } from './mail-flows';

// Mail on PostgreSQL (real concurrency between workers and link uses), delivered to a real SMTP
// server in this process.
if (postgresAvailable('mail')) {
  process.env.DATABASE_URL = await createTestDatabase();
  const smtp = await startTestSmtp();
  process.env.SMTP_URL = smtp.url;
  afterAll(() => smtp.close());

  describeMailFlows('PostgreSQL', smtp);
}
