import { afterAll } from 'vitest';
import { startTestSmtp } from '../support/smtp';
import { describeMailFlows } from './mail-flows';

// Mail on the embedded database, delivered to a real SMTP server in this process.
const smtp = await startTestSmtp();
process.env.SMTP_URL = smtp.url;
afterAll(() => smtp.close());

describeMailFlows('embedded PGlite', smtp);
