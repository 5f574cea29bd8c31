import { decodeJwt, decodeProtectedHeader } from 'jose';
import { expect } from 'vitest';
import { type Body, ORIGIN } from './api-requests';

// What every JSON API answer must look like: the error shape, the cache headers, device tokens.

export async function expectError(response: Response, status: number, error: string, description?: string | RegExp): Promise<Body> {
  const body = (await response.json()) as Body;
  expect({ status: response.status, error: body.error }).toEqual({ status, error });
  expect(Object.keys(body).sort()).toEqual(['error', 'error_description']);
  expect(typeof body.error_description).toBe('string');
  if (typeof description === 'string') expect(body.error_description).toBe(description);
  if (description instanceof RegExp) expect(body.error_description).toMatch(description);
  return body;
}

export function expectNoStore(response: Response): void {
  expect(response.headers.get('cache-control')).toBe('no-store');
  expect(response.headers.get('pragma')).toBe('no-cache');
  expect(response.headers.get('content-type')).toBe('application/json');
}

/** A device token (lib/auth/device-tokens.ts) for the account of the access token, living a year. */
export function expectDeviceTokenFor(deviceToken: string | undefined, accessToken: string): void {
  expect(deviceToken).toEqual(expect.any(String));
  expect(decodeProtectedHeader(deviceToken!)).toEqual({ alg: 'HS256', typ: 'device+jwt' });
  const claims = decodeJwt(deviceToken!);
  expect(claims).toMatchObject({ sub: decodeJwt(accessToken).sub, aud: 'latchkey:device', iss: ORIGIN });
  expect(claims.exp! - claims.iat!).toBe(365 * 24 * 3600);
}
