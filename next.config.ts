import type { NextConfig } from 'next';
import { STATIC_SECURITY_HEADERS } from './lib/security-headers';

const nextConfig: NextConfig = {
  // Server-side packages with WebAssembly or native parts are loaded by Node.js, not bundled.
  serverExternalPackages: [
    '@electric-sql/pglite',
    'pglite-prisma-adapter',
    '@prisma/schema-engine-wasm',
    '@prisma/adapter-pg',
    'pg',
    'bcryptjs',
    'nodemailer',
  ],
  // forbidden() answers a signed-in user without the needed role with a real 403.
  experimental: { authInterrupts: true },
  poweredByHeader: false,
  // The headers that do not depend on the request, on every response (pages, API, static files).
  // Middleware adds the per-request ones to pages: see lib/security-headers.ts.
  async headers() {
    return [{ source: '/:path*', headers: Object.entries(STATIC_SECURITY_HEADERS).map(([key, value]) => ({ key, value })) }];
  },
};

export default nextConfig;
