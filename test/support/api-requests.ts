import { decodeJwt } from 'jose';
import { expect } from 'vitest';
import { POST as token } from '@/app/api/auth/token/route';
import { password } from './accounts';

// Requests to the JSON API's route handlers, as a program would send them.

export const ORIGIN = 'http://localhost:3000';

export type Body = Record<string, unknown>;
export type Tokens = { access_token: string; refresh_token: string; token_type: string; expires_in: number; device_token?: string };

export function formRequest(path: string, params: Record<string, string>, headers: Record<string, string> = {}): Request {
  return new Request(`${ORIGIN}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(params).toString(),
  });
}

export function jsonRequest(path: string, body: unknown, headers: Record<string, string> = {}): Request {
  return new Request(`${ORIGIN}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

export const meRequest = (headers: Record<string, string> = {}) => new Request(`${ORIGIN}/api/users/me`, { headers });
export const bearer = (accessToken: string) => meRequest({ Authorization: `Bearer ${accessToken}` });

export async function signInOverApi(email: string, headers: Record<string, string> = {}): Promise<Tokens> {
  const response = await token(formRequest('/api/auth/token', { grant_type: 'password', username: email, password }, headers));
  expect(response.status).toBe(200);
  return (await response.json()) as Tokens;
}

export const refreshOverApi = (refreshToken: string) =>
  token(formRequest('/api/auth/token', { grant_type: 'refresh_token', refresh_token: refreshToken }));

/** The session id inside an access token the API issued. */
export const sessionIdOf = (accessToken: string) => String(decodeJwt(accessToken).sid);
