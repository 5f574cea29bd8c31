import { type NextRequest, NextResponse } from 'next/server';
import { cookieNames } from './lib/auth/cookies';
import { PATH_HEADER, loginPath } from './lib/auth/redirect';
import { verifyAccessToken } from './lib/auth/tokens';
import { getConfig } from './lib/config';

// A fast first gate for protected pages: no valid access token, no page. It reads no request
// header as proof of anything; the data-access layer (lib/auth/dal.ts) checks the session
// against the database again in every page and action.
export async function middleware(request: NextRequest): Promise<NextResponse> {
  const path = `${request.nextUrl.pathname}${request.nextUrl.search}`;
  const token = request.cookies.get(cookieNames().access)?.value;
  if (!token || !(await verifyAccessToken(token))) {
    return NextResponse.redirect(new URL(loginPath(path), getConfig().appUrl));
  }
  const headers = new Headers(request.headers);
  headers.set(PATH_HEADER, path);
  return NextResponse.next({ request: { headers } });
}

export const config = {
  // Node.js runtime: the same config module (and, for sessions, the same database) as the app.
  runtime: 'nodejs',
  matcher: ['/dashboard/:path*', '/settings/:path*', '/admin/:path*'],
};
