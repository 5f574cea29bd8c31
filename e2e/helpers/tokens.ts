import { readFileSync } from 'node:fs';
import { type APIRequestContext, expect } from '@playwright/test';
import { rememberSecret } from './server-log';

// The tokens Latchkey issues, as a test reads, tampers with or forges them.

/** Decodes one base64url part of a JWT (header or payload) as JSON. No verification. */
export function decodeJwtPart(part: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}

export function encodeJwtPart(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

export function splitJwt(token: string): { header: string; payload: string; signature: string } {
  const parts = token.split('.');
  expect(parts, 'a JWT has three dot-separated parts').toHaveLength(3);
  const [header = '', payload = '', signature = ''] = parts;
  return { header, payload, signature };
}

/** The payload of an access token, without verifying it (the tests only read `exp`, `sid` and friends). */
export function jwtPayload(token: string): { exp: number; iat: number; sid: string; sub: string } {
  return decodeJwtPart(splitJwt(token).payload) as { exp: number; iat: number; sid: string; sub: string };
}

/** The secret the main e2e server signs with (its development secret, in its data folder). */
export function serverSecret(): Uint8Array {
  return new TextEncoder().encode(readFileSync('.data-e2e/jwt-secret', 'utf8').trim());
}

/** Signs a user in over the API and returns its tokens and the access token's claims. */
export async function apiSignIn(request: APIRequestContext, username: string, password: string) {
  rememberSecret('password', password);
  const response = await request.post('/api/auth/token', { form: { grant_type: 'password', username, password } });
  expect(response.status()).toBe(200);
  const body = (await response.json()) as { access_token: string; refresh_token: string };
  rememberSecret('access token', body.access_token);
  rememberSecret('refresh token', body.refresh_token);
  return { accessToken: body.access_token, refreshToken: body.refresh_token, payload: decodeJwtPart(splitJwt(body.access_token).payload) };
}
