/** @type {import('next').NextConfig} */
const nextConfig = {
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
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'same-origin' },
        ],
      },
    ];
  },
};

module.exports = nextConfig;
