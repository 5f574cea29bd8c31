import { Validator } from '@seriousme/openapi-schema-validator';
import { expect, test } from 'vitest';
import { GET } from '@/app/api/openapi.json/route';
import { GET as discovery } from '@/app/.well-known/openid-configuration/route';
import { ensureSigningKey } from '@/lib/auth/keys';
import { SCHEMAS } from '@/lib/api/openapi-schemas';

// The served document is valid OpenAPI 3.1 (checked against the official schema) and describes
// every route and error code of the API.

async function fetchDocument(): Promise<Record<string, unknown>> {
  const response = await GET(new Request('http://localhost:3000/api/openapi.json'));
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/json');
  return (await response.json()) as Record<string, unknown>;
}

test('the document validates against the OpenAPI 3.1 schema', async () => {
  const validator = new Validator();
  const result = await validator.validate(await fetchDocument());
  expect(result.errors).toBeUndefined();
  expect(result.valid).toBe(true);
  expect(validator.version).toMatch(/^3\.1/);
  // Every $ref points at something.
  expect(() => validator.resolveRefs()).not.toThrow();

  // The validator is not a rubber stamp: the same document with a bad response status fails.
  const broken = await fetchDocument();
  (broken.paths as Record<string, { get?: { responses: Record<string, unknown> } }>)['/api/health']!.get!.responses['2xx-ish'] = { description: 'x' };
  expect((await new Validator().validate(broken)).valid).toBe(false);
});

test('it declares OpenAPI 3.1.x, this server, and every route with its method', async () => {
  const document = await fetchDocument();
  expect(document.openapi).toMatch(/^3\.1\.\d+$/);
  expect(document.servers).toEqual([{ url: 'http://localhost:3000' }]);
  const paths = document.paths as Record<string, Record<string, unknown>>;
  const routes = Object.entries(paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`));
  expect(routes.sort()).toEqual(
    [
      'POST /api/auth/token',
      'POST /api/auth/revoke',
      'GET /api/users/me',
      'GET /api/health',
      'GET /api/health/live',
      'GET /api/health/ready',
      'GET /api/openapi.json',
      'GET /.well-known/jwks.json',
      'GET /.well-known/openid-configuration',
      'GET /oauth/userinfo',
      'POST /oauth/userinfo',
    ].sort(),
  );
});

test('both content types are described for token and revoke, and every error code has an example', async () => {
  const text = JSON.stringify(await fetchDocument());
  const document = JSON.parse(text) as { paths: Record<string, { post?: { requestBody: { content: Record<string, unknown> } } }> };
  for (const path of ['/api/auth/token', '/api/auth/revoke']) {
    expect(Object.keys(document.paths[path]!.post!.requestBody.content).sort()).toEqual(['application/json', 'application/x-www-form-urlencoded']);
  }
  for (const code of ['invalid_request', 'invalid_client', 'invalid_grant', 'unsupported_grant_type', 'mfa_required', 'invalid_token', 'server_error', 'temporarily_unavailable']) {
    expect(text).toContain(`"error":"${code}"`);
  }
});

test('the discovery example is the served document, and its schema names every field', async () => {
  await ensureSigningKey(() => {});
  const served = JSON.stringify(await (await discovery()).json()).replaceAll('http://localhost:3000', 'https://auth.example.com');
  const { examples, properties } = SCHEMAS.OpenIdConfiguration as { examples: unknown[]; properties: Record<string, unknown> };
  expect(JSON.parse(served)).toEqual(examples[0]);
  expect(Object.keys(properties).sort()).toEqual(Object.keys(JSON.parse(served) as object).sort());
});
