import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

// Every test file starts from a known configuration: a fixed test secret, the cheapest bcrypt
// cost the config allows, and a data folder of its own.
process.env.JWT_SECRET ??= '87ti4uHAvmB0kZMoGisRrtIk4PvtKmGOES8N13-jq1E';
process.env.BCRYPT_COST ??= '10';
process.env.APP_URL ??= 'http://localhost:3000';
// Every test signs in from the same few addresses; the per-address limits are tested by
// lowering them on the parsed config (test/integration/throttle-flows.ts).
process.env.LOGIN_IP_MAX_ATTEMPTS ??= '100000';
process.env.SIGNUP_IP_MAX ??= '100000';
// Problems only on the test output; a test that reads the log captures it (test/support/log.ts).
process.env.LOG_LEVEL ??= 'warn';
process.env.DATA_DIR = mkdtempSync(path.join(tmpdir(), 'latchkey-test-'));
delete process.env.DATABASE_URL;
