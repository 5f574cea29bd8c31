import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: {
      '@': path.resolve(__dirname),
      // `server-only` throws outside React Server Components; tests are server code already.
      'server-only': path.resolve(__dirname, 'test/support/empty-module.ts'),
      // Translations need a request's language; tests set theirs (test/support/next-intl-server.ts).
      'next-intl/server': path.resolve(__dirname, 'test/support/next-intl-server.ts'),
    },
  },
  test: {
    include: ['lib/**/*.test.ts', 'test/**/*.test.ts'],
    setupFiles: ['test/support/env.ts'],
    // Integration tests open real databases; give them room on a 2-core machine.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
