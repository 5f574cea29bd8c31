import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { HEAP_MB, SERVER_ENV_DEFAULTS, hasServerDefaults, withServerDefaults } from '../../scripts/server-env.mjs';

// The process settings npm start gives the server (scripts/server-env.mjs), and the Docker image's
// copy of them. e2e/deployment.spec.ts checks a started server has them.

describe('the server settings', () => {
  test('a bare environment gets every default, and then has them', () => {
    const env = withServerDefaults({ PATH: '/usr/bin' });
    expect(env).toEqual({ PATH: '/usr/bin', MALLOC_ARENA_MAX: '2', MALLOC_TRIM_THRESHOLD_: '131072', NODE_OPTIONS: `--max-old-space-size=${HEAP_MB}` });
    expect(hasServerDefaults({ PATH: '/usr/bin' }, [])).toBe(false);
    expect(hasServerDefaults(env, [])).toBe(true);
  });

  test("the operator's own values win, and other Node.js options are kept", () => {
    expect(withServerDefaults({ MALLOC_ARENA_MAX: '4', NODE_OPTIONS: '--max-old-space-size=1024' })).toMatchObject({
      MALLOC_ARENA_MAX: '4',
      NODE_OPTIONS: '--max-old-space-size=1024',
    });
    expect(withServerDefaults({ NODE_OPTIONS: '--enable-source-maps' }).NODE_OPTIONS).toBe(`--enable-source-maps --max-old-space-size=${HEAP_MB}`);
    // A heap limit given on the command line counts as set.
    expect(hasServerDefaults(SERVER_ENV_DEFAULTS, ['--max-old-space-size=512'])).toBe(true);
    expect(hasServerDefaults({ ...SERVER_ENV_DEFAULTS, NODE_OPTIONS: '--enable-source-maps' }, [])).toBe(false);
  });

  test("the Docker image's environment holds the same settings", () => {
    const dockerfile = readFileSync(path.join(__dirname, '../../Dockerfile'), 'utf8');
    const runtime = dockerfile.slice(dockerfile.indexOf('AS runtime'));
    const env = Object.fromEntries([...runtime.matchAll(/^\s*(?:ENV\s+)?([A-Z_]+)=(\S+?)(?:\s*\\)?$/gm)].map((match) => [match[1], match[2]]));
    expect(env).toMatchObject(withServerDefaults({}));
  });
});
