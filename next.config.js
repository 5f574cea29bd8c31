// @ts-check
// eslint-disable-next-line @typescript-eslint/no-require-imports -- this file is CommonJS, like the rest of it
const createNextIntlPlugin = require('next-intl/plugin');

// The security headers that do not depend on the request, sent on every response: pages, API
// and static files. The per-request ones (the CSP with its nonce, HSTS, no-store) are added to
// pages by middleware: see lib/security-headers.ts.
const STATIC_SECURITY_HEADERS = {
  // No other site may frame a page (clickjacking). frame-ancestors says the same to newer browsers.
  'X-Frame-Options': 'DENY',
  // A response is what its Content-Type says, never sniffed into a script or a page.
  'X-Content-Type-Options': 'nosniff',
  // Other sites see our origin at most, never a path or a query (such as ?next=). The pages a
  // mailed link opens send same-origin instead (lib/security-headers.ts).
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  // Latchkey uses no device or browser feature: a page, or a script injected into it, gets none.
  'Permissions-Policy': [
    'accelerometer',
    'autoplay',
    'camera',
    'display-capture',
    'geolocation',
    'gyroscope',
    'magnetometer',
    'microphone',
    'midi',
    'payment',
    'screen-wake-lock',
    'usb',
    'xr-spatial-tracking',
  ]
    .map((feature) => `${feature}=()`)
    // Passkeys: this site's own pages may create and use them; no frame from elsewhere may.
    .concat(['publickey-credentials-create=(self)', 'publickey-credentials-get=(self)'])
    .join(', '),
};

/** @type {import('next').NextConfig} */
const nextConfig = {
  // .next/standalone: server.js with only the node_modules it needs, what the Docker image runs.
  output: 'standalone',
  // What the server reads by path at run time, which file tracing cannot see (it follows imports):
  // the password worker (lib/auth/password-pool.ts) and bcryptjs that it imports, the schema and
  // migrations applied at start and the schema engine's WebAssembly (lib/db/schema-engine.ts).
  outputFileTracingIncludes: {
    '/**': [
      './lib/auth/password-worker.mjs',
      './lib/db/create-database.mjs',
      './node_modules/bcryptjs/**',
      './prisma/schema.prisma',
      './prisma/migrations/**',
      './node_modules/@prisma/schema-engine-wasm/*.wasm',
    ],
  },
  // Server-side packages with WebAssembly or native parts are loaded by Node.js, not bundled.
  serverExternalPackages: [
    '@electric-sql/pglite',
    'pglite-prisma-adapter',
    '@prisma/schema-engine-wasm',
    '@prisma/adapter-pg',
    'pg',
    'bcryptjs',
    'nodemailer',
    // The logger and the metrics registry are process-wide: loaded once by Node.js from
    // node_modules, not copied into each bundle.
    'pino',
    'pino-pretty',
    'prom-client',
    // Libraries that many routes import. Turbopack gives every route a server bundle of its own
    // with its own copy of each (jose was in 15 of them, zod in 13): loaded by Node.js they are
    // one module each, compiled once (the server bundles: 7.9 MB of code -> 4.1 MB; issue 22).
    '@formatjs/intl-localematcher',
    '@simplewebauthn/server',
    '@zxcvbn-ts/language-common',
    'bowser',
    'jose',
    'lru-cache',
    'negotiator',
    'openid-client',
    'otpauth',
    'qrcode',
    'zod',
  ],
  // forbidden() answers a signed-in user without the needed role with a real 403.
  experimental: { authInterrupts: true },
  poweredByHeader: false,
  async headers() {
    return [{ source: '/:path*', headers: Object.entries(STATIC_SECURITY_HEADERS).map(([key, value]) => ({ key, value })) }];
  },
};

// next-intl reads each request's language and messages from lib/i18n/request.ts.
module.exports = createNextIntlPlugin('./lib/i18n/request.ts')(nextConfig);
