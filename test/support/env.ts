import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

// Every test file starts from a known configuration: a fixed test secret, the cheapest bcrypt
// cost the config allows, and a data folder of its own. Tests that need other values set them
// and call resetConfigForTests().
process.env.JWT_SECRET ??= 'test-secret-0123456789-abcdefghijklmnopqrstuvwxyz';
process.env.BCRYPT_COST ??= '10';
process.env.APP_URL ??= 'http://localhost:3000';
process.env.DATA_DIR = mkdtempSync(path.join(tmpdir(), 'latchkey-test-'));
delete process.env.DATABASE_URL;
