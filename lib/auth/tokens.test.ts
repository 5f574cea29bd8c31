import { spawnSync } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { CompactEncrypt, EncryptJWT, SignJWT, type JWTPayload } from 'jose';
import { describe, expect, test } from 'vitest';
import { getConfig } from '../config';
import { signAccessToken, verifyAccessToken } from './tokens';

const ISSUER = 'http://localhost:3000';
const AUDIENCE = 'latchkey';
const SECRET = process.env.JWT_SECRET as string;
// Ids have the shape Latchkey gives them: user and session ids are UUIDs.
const USER_ID = '4f1c2a8e-6b3d-4e7a-9c51-2d8f0b6a3e14';
const SESSION_ID = 'b7e2d9c4-1a5f-4c86-8e3b-9f0a7d2c6b51';
const OTHER_USER_ID = '0d6a9b3e-7c24-4f18-a5e9-3b1c8d7f2a60';
const KEY = new TextEncoder().encode(SECRET);

const now = () => Math.floor(Date.now() / 1000);

function b64url(value: string | Uint8Array): string {
  return Buffer.from(value).toString('base64url');
}

function validPayload(overrides: Record<string, unknown> = {}): JWTPayload {
  const iat = now();
  return {
    sub: USER_ID,
    sid: SESSION_ID,
    role: 'USER',
    jti: 'jti-1',
    iss: ISSUER,
    aud: AUDIENCE,
    iat,
    exp: iat + 900,
    ...overrides,
  };
}

/** Signs a payload as-is (no claims added), HS256 with the app secret and `typ: at+jwt` unless told otherwise. */
async function forge(
  payload: JWTPayload,
  options: { header?: Record<string, unknown>; key?: Uint8Array; omit?: string[] } = {},
): Promise<string> {
  const body: JWTPayload = { ...payload };
  for (const claim of options.omit ?? []) delete body[claim];
  return new SignJWT(body)
    .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', ...options.header } as { alg: string })
    .sign(options.key ?? KEY);
}

/** Builds and HMAC-SHA256-signs a compact JWS by hand, for headers jose refuses to produce. */
function signRaw(header: Record<string, unknown>, payload: JWTPayload, secret: string = SECRET): string {
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

function splitToken(token: string): [string, string, string] {
  const parts = token.split('.');
  expect(parts).toHaveLength(3);
  return parts as [string, string, string];
}

async function expectRejected(token: string) {
  await expect(verifyAccessToken(token)).resolves.toBeNull();
}

describe('test environment', () => {
  test('uses the secret and issuer these tests sign with', () => {
    expect(getConfig().jwtSecret).toBe(SECRET);
    expect(getConfig().appUrl).toBe(ISSUER);
  });
});

describe('signAccessToken / verifyAccessToken round trip', () => {
  test('claims come back', async () => {
    const before = now();
    const token = await signAccessToken({ userId: OTHER_USER_ID, sessionId: SESSION_ID, role: 'ADMIN' });
    const claims = await verifyAccessToken(token);
    expect(claims).not.toBeNull();
    expect(claims).toEqual({
      userId: OTHER_USER_ID,
      sessionId: SESSION_ID,
      role: 'ADMIN',
      expiresAt: expect.any(Number),
    });
    // ACCESS_TOKEN_TTL defaults to 900 s.
    expect(claims!.expiresAt).toBeGreaterThanOrEqual(before + 900);
    expect(claims!.expiresAt).toBeLessThanOrEqual(now() + 900);
  });

  test('the token carries the pinned header and registered claims', async () => {
    const token = await signAccessToken({ userId: USER_ID, sessionId: SESSION_ID, role: 'USER' });
    const [header, payload] = splitToken(token);
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({ alg: 'HS256', typ: 'at+jwt' });
    const body = JSON.parse(Buffer.from(payload, 'base64url').toString());
    expect(body).toMatchObject({ sub: USER_ID, sid: SESSION_ID, role: 'USER', iss: ISSUER, aud: AUDIENCE });
    expect(body.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.exp - body.iat).toBe(900);
  });

  test('each token has its own jti', async () => {
    const a = await signAccessToken({ userId: USER_ID, sessionId: SESSION_ID, role: 'USER' });
    const b = await signAccessToken({ userId: USER_ID, sessionId: SESSION_ID, role: 'USER' });
    const jti = (token: string) => JSON.parse(Buffer.from(splitToken(token)[1], 'base64url').toString()).jti;
    expect(jti(a)).not.toBe(jti(b));
  });

  test('a hand-built token with every required claim is accepted (baseline for the forgeries below)', async () => {
    const payload = validPayload();
    await expect(verifyAccessToken(await forge(payload))).resolves.toEqual({
      userId: USER_ID,
      sessionId: SESSION_ID,
      role: 'USER',
      expiresAt: payload.exp,
    });
  });
});

describe('expiry and issued-at', () => {
  test('expired 60 s ago: rejected', async () => {
    await expectRejected(await forge(validPayload({ iat: now() - 960, exp: now() - 60 })));
  });

  test('expired 20 s ago: accepted thanks to the 30 s clock tolerance', async () => {
    const exp = now() - 20;
    await expect(verifyAccessToken(await forge(validPayload({ iat: now() - 920, exp })))).resolves.toMatchObject({
      userId: USER_ID,
      expiresAt: exp,
    });
  });

  test('iat 10 minutes in the future: rejected', async () => {
    await expectRejected(await forge(validPayload({ iat: now() + 600, exp: now() + 1500 })));
  });

  test('iat 10 s in the future (within tolerance): accepted', async () => {
    await expect(verifyAccessToken(await forge(validPayload({ iat: now() + 10 })))).resolves.not.toBeNull();
  });

  test('non-numeric exp or iat: rejected', async () => {
    await expectRejected(await forge(validPayload({ exp: String(now() + 900) })));
    await expectRejected(await forge(validPayload({ iat: String(now()) })));
  });
});

describe('issuer, audience and required claims', () => {
  test('wrong audience', async () => {
    await expectRejected(await forge(validPayload({ aud: 'someone-else' })));
    await expectRejected(await forge(validPayload({ aud: ['someone-else'] })));
  });

  test('wrong issuer', async () => {
    await expectRejected(await forge(validPayload({ iss: 'https://evil.example' })));
    await expectRejected(await forge(validPayload({ iss: 'http://localhost:3001' })));
  });

  test.each(['aud', 'iss', 'exp', 'sub', 'sid', 'role', 'jti', 'iat'])('missing %s: rejected', async (claim) => {
    await expectRejected(await forge(validPayload(), { omit: [claim] }));
  });

  test.each([
    ['lower-case user', 'user'],
    ['unknown role', 'SUPERUSER'],
    ['empty role', ''],
    ['array', ['ADMIN']],
    ['number', 1],
    ['null', null],
  ])('role not USER/ADMIN (%s): rejected', async (_name, role) => {
    await expectRejected(await forge(validPayload({ role })));
  });

  test('empty sub/sid/jti: rejected', async () => {
    await expectRejected(await forge(validPayload({ sub: '' })));
    await expectRejected(await forge(validPayload({ sid: '' })));
    await expectRejected(await forge(validPayload({ jti: '' })));
  });

  test('non-string sid: rejected', async () => {
    await expectRejected(await forge(validPayload({ sid: 123 })));
  });
});

// A token signed with the right key whose claims have the wrong shape: before, a sid that is not a
// UUID reached the database, which refused it, and the page failed with a 500.
describe('the shape of every claim', () => {
  test.each([
    ['sid', 'session-1'],
    ['sid', 'not-a-uuid'],
    ['sid', `${SESSION_ID}x`],
    ['sid', SESSION_ID.replaceAll('-', '')],
    ['sid', `{${SESSION_ID}}`],
    ['sid', ' '],
    ['sid', [SESSION_ID]],
    ['sid', { id: SESSION_ID }],
    ['sid', true],
    ['sub', 'user-1'],
    ['sub', 'not-a-uuid'],
    ['sub', "' OR 1=1 --"],
    ['sub', 42],
    ['sub', [USER_ID]],
    ['sub', null],
    ['jti', 7],
    ['jti', ['jti-1']],
    ['jti', null],
  ])('%s = %j: rejected', async (claim, value) => {
    await expectRejected(await forge(validPayload({ [claim]: value })));
  });

  test('UUIDs in upper case are the same ids: accepted', async () => {
    const payload = validPayload({ sub: USER_ID.toUpperCase(), sid: SESSION_ID.toUpperCase() });
    await expect(verifyAccessToken(await forge(payload))).resolves.toMatchObject({ userId: USER_ID.toUpperCase() });
  });

  test('a token refused for its shape is refused again when presented again (nothing cached)', async () => {
    const token = await forge(validPayload({ sid: 'not-a-uuid' }));
    await expectRejected(token);
    await expectRejected(token);
  });
});

describe('algorithm and header attacks', () => {
  test.each(['none', 'None', 'NONE', 'nOnE'])('alg "%s" unsigned token: rejected', async (alg) => {
    const header = b64url(JSON.stringify({ alg, typ: 'at+jwt' }));
    const payload = b64url(JSON.stringify(validPayload()));
    await expectRejected(`${header}.${payload}.`);
    // Without typ as well, and with a trailing signature of garbage.
    await expectRejected(`${b64url(JSON.stringify({ alg }))}.${payload}.`);
    await expectRejected(`${header}.${payload}.${b64url('x')}`);
  });

  test('signed with another secret: rejected', async () => {
    const otherKey = new TextEncoder().encode('another-secret-abcdefghijklmnopqrstuvwxyz-0123456789');
    await expectRejected(await forge(validPayload(), { key: otherKey }));
  });

  test.each(['HS384', 'HS512'])('%s with the same secret: rejected', async (alg) => {
    const token = await forge(validPayload(), { header: { alg } });
    expect(JSON.parse(Buffer.from(splitToken(token)[0], 'base64url').toString()).alg).toBe(alg);
    await expectRejected(token);
  });

  test.each(['JWT', 'jwt', 'at+jwt ', 'at jwt', 'application/jwt', 'dpop+jwt', ''])('typ %j: rejected', async (typ) => {
    await expectRejected(await forge(validPayload(), { header: { typ } }));
  });

  test('missing typ: rejected', async () => {
    const token = await new SignJWT(validPayload()).setProtectedHeader({ alg: 'HS256' }).sign(KEY);
    await expectRejected(token);
  });

  test.each(['AT+JWT', 'application/at+jwt'])(
    'typ %j is the same media type as at+jwt (RFC 7515 4.1.9): accepted',
    async (typ) => {
      await expect(verifyAccessToken(await forge(validPayload(), { header: { typ } }))).resolves.not.toBeNull();
    },
  );

  test('hand-signed baseline without crit is accepted (so the crit cases fail only because of crit)', async () => {
    await expect(verifyAccessToken(signRaw({ alg: 'HS256', typ: 'at+jwt' }, validPayload()))).resolves.not.toBeNull();
  });

  test('crit header with an unknown extension: rejected', async () => {
    await expectRejected(signRaw({ alg: 'HS256', typ: 'at+jwt', crit: ['x-latchkey'], 'x-latchkey': true }, validPayload()));
    await expectRejected(signRaw({ alg: 'HS256', typ: 'at+jwt', crit: ['exp'] }, validPayload()));
    await expectRejected(signRaw({ alg: 'HS256', typ: 'at+jwt', crit: [] }, validPayload()));
    await expectRejected(signRaw({ alg: 'HS256', typ: 'at+jwt', crit: 'x-latchkey' }, validPayload()));
  });

  test('b64:false (unencoded payload) header: rejected', async () => {
    await expectRejected(signRaw({ alg: 'HS256', typ: 'at+jwt', b64: false, crit: ['b64'] }, validPayload()));
  });

  test.each(['unknown', '', 'latchkey'])('an HS256 token naming a key (kid %j), even signed with our secret: rejected', async (kid) => {
    await expectRejected(await forge(validPayload(), { header: { kid } }));
  });

  test('header with a jwk or jku to trust: ignored, still needs our secret', async () => {
    const attackerKey = randomBytes(32);
    const jwk = { kty: 'oct', k: attackerKey.toString('base64url') };
    await expectRejected(
      await forge(validPayload(), { header: { jwk, jku: 'https://evil.example/jwks' }, key: attackerKey }),
    );
  });
});

describe('tampering', () => {
  test('payload changed, signature kept: rejected', async () => {
    const token = await signAccessToken({ userId: USER_ID, sessionId: SESSION_ID, role: 'USER' });
    const [header, payload, signature] = splitToken(token);
    const body = JSON.parse(Buffer.from(payload, 'base64url').toString());
    await expect(verifyAccessToken(token)).resolves.not.toBeNull();
    await expectRejected(`${header}.${b64url(JSON.stringify({ ...body, role: 'ADMIN' }))}.${signature}`);
    await expectRejected(`${header}.${b64url(JSON.stringify({ ...body, sub: OTHER_USER_ID }))}.${signature}`);
    await expectRejected(`${header}.${b64url(JSON.stringify({ ...body, exp: body.exp + 3600 }))}.${signature}`);
  });

  test('signature changed: rejected', async () => {
    const token = await signAccessToken({ userId: USER_ID, sessionId: SESSION_ID, role: 'ADMIN' });
    const [header, payload, signature] = splitToken(token);
    const bytes = Buffer.from(signature, 'base64url');
    bytes[0] = bytes[0]! ^ 0x01;
    await expectRejected(`${header}.${payload}.${bytes.toString('base64url')}`);
    await expectRejected(`${header}.${payload}.`);
    await expectRejected(`${header}.${payload}.${signature.slice(0, -4)}`);
    await expectRejected(`${header}.${payload}.${b64url(randomBytes(32))}`);
  });

  test('header changed, signature kept: rejected', async () => {
    const token = await signAccessToken({ userId: USER_ID, sessionId: SESSION_ID, role: 'USER' });
    const [, payload, signature] = splitToken(token);
    await expectRejected(`${b64url(JSON.stringify({ alg: 'HS256', typ: 'at+jwt', kid: 'x' }))}.${payload}.${signature}`);
    await expectRejected(`${b64url(JSON.stringify({ typ: 'at+jwt', alg: 'HS256' }))}.${payload}.${signature}`);
    await expectRejected(`${b64url(JSON.stringify({ alg: 'none', typ: 'at+jwt' }))}.${payload}.${signature}`);
  });
});

describe('malformed input', () => {
  test('empty string', async () => {
    await expectRejected('');
  });

  test('a token longer than 8192 characters is rejected without verifying', async () => {
    const token = await forge(validPayload({ pad: 'x'.repeat(9000) }));
    expect(token.length).toBeGreaterThan(8192);
    await expectRejected(token);
  });

  test('a valid token just under the limit is still accepted', async () => {
    const base = await forge(validPayload({ pad: '' }));
    // base64url grows 4 characters per 3 bytes of padding.
    const pad = 'x'.repeat(Math.floor(((8192 - base.length) * 3) / 4) - 3);
    const token = await forge(validPayload({ pad }));
    expect(token.length).toBeLessThanOrEqual(8192);
    expect(token.length).toBeGreaterThan(8150);
    await expect(verifyAccessToken(token)).resolves.not.toBeNull();
  });

  test.each([
    'garbage',
    '.',
    '..',
    '...',
    'a.b.c',
    'a.b.c.d.e',
    '!!!.@@@.###',
    'eyJ.eyJ.eyJ',
    `${b64url('not json')}.${b64url('{}')}.`,
    `${b64url('{"alg":"HS256","typ":"at+jwt"}')}.${b64url('not json')}.sig`,
    `${b64url('{"alg":"HS256","typ":"at+jwt"}')}.${b64url('[]')}.sig`,
    `${b64url('{"alg":"HS256","typ":"at+jwt"}')}.${b64url('null')}.sig`,
    `${b64url('"HS256"')}.${b64url('{}')}.sig`,
    `${b64url('{"alg":"HS256","typ":"at+jwt"}')}.${b64url('{}')}`,
    'Bearer eyJhbGciOiJIUzI1NiJ9.e30.x',
    ' ',
    '\u0000',
    '😀.😀.😀',
    'x'.repeat(8192),
    'x'.repeat(8193),
  ])('garbage %#: rejected', async (token) => {
    await expectRejected(token);
  });

  test('random byte strings never throw', async () => {
    for (let i = 0; i < 50; i++) {
      const parts = Array.from({ length: 1 + (i % 5) }, () => b64url(randomBytes(1 + (i % 40))));
      await expectRejected(parts.join('.'));
      await expectRejected(randomBytes(64).toString('latin1'));
    }
  });

  test('a compact JWE (dir/A256GCM) is rejected', async () => {
    const key = randomBytes(32);
    const jwe = await new EncryptJWT(validPayload())
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', typ: 'at+jwt' })
      .encrypt(key);
    expect(jwe.split('.')).toHaveLength(5);
    await expectRejected(jwe);

    const compact = await new CompactEncrypt(new TextEncoder().encode(JSON.stringify(validPayload())))
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
      .encrypt(key);
    await expectRejected(compact);
  });

  test('a JWE encrypted with the signing secret itself is rejected', async () => {
    const key = KEY.slice(0, 32);
    const jwe = await new EncryptJWT(validPayload())
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', typ: 'at+jwt' })
      .encrypt(key);
    await expectRejected(jwe);
  });
});

// Interoperability: a standard JWT library must accept our tokens with the documented parameters.
const PYTHON = '/usr/bin/python3';
const pyjwtProbe = spawnSync(PYTHON, ['-c', 'import jwt'], { encoding: 'utf8' });
const hasPyJwt = pyjwtProbe.status === 0;
const pyjwtProblem = pyjwtProbe.error?.message ?? pyjwtProbe.stderr.trim().split('\n').pop();
const onCi = Boolean(process.env.CI);
if (!hasPyJwt && !onCi) {
  console.warn(
    [
      '',
      '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
      '!! PyJWT is missing: the PyJWT interoperability test in lib/auth/tokens.test.ts',
      `!! is SKIPPED. "${PYTHON} -c 'import jwt'" failed: ${pyjwtProblem}`,
      '!! Install it with: apt-get install python3-jwt (CI fails instead of skipping).',
      '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
      '',
    ].join('\n'),
  );
}

describe('interoperability', () => {
  test.skipIf(!hasPyJwt && !onCi)('PyJWT verifies a token from signAccessToken', async () => {
    if (!hasPyJwt) {
      throw new Error(
        `PyJWT is required on CI: "${PYTHON} -c 'import jwt'" failed (${pyjwtProblem}). Install the Debian package python3-jwt.`,
      );
    }
    const token = await signAccessToken({ userId: USER_ID, sessionId: SESSION_ID, role: 'USER' });
    const result = spawnSync(
      PYTHON,
      [
        '-c',
        "import jwt,sys; print(jwt.decode(sys.argv[1], sys.argv[2], algorithms=['HS256'], audience='latchkey', issuer='http://localhost:3000')['sid'])",
        token,
        SECRET,
      ],
      { encoding: 'utf8' },
    );
    expect(result.error).toBeUndefined();
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe(SESSION_ID);
  });

  test.skipIf(!hasPyJwt)('PyJWT rejects the same token with a different secret (the check above can fail)', async () => {
    const token = await signAccessToken({ userId: USER_ID, sessionId: SESSION_ID, role: 'USER' });
    const result = spawnSync(
      PYTHON,
      [
        '-c',
        "import jwt,sys; print(jwt.decode(sys.argv[1], sys.argv[2], algorithms=['HS256'], audience='latchkey', issuer='http://localhost:3000')['sid'])",
        token,
        'a-completely-different-secret-0123456789abcdef',
      ],
      { encoding: 'utf8' },
    );
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('InvalidSignatureError');
  });
});
