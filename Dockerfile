# syntax=docker/dockerfile:1
# Latchkey in a container (docs/deployment.md). Three stages: the dependencies, the build, and a
# small runtime image holding only Next.js's standalone output, run as a non-root user.

ARG NODE_VERSION=20

FROM node:${NODE_VERSION}-bookworm-slim AS deps
WORKDIR /src
# npm ci runs `prisma generate` (postinstall), which reads the schema.
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
COPY scripts/prisma-generate.mjs ./scripts/
RUN npm ci --no-audit --no-fund

FROM deps AS build
COPY . .
ENV NEXT_TELEMETRY_DISABLED=1
RUN npm run build

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
WORKDIR /app
# NEXT_MANUAL_SIG_HANDLE: on SIGTERM Latchkey's own shutdown finishes the requests in flight, then
# closes the database (lib/shutdown.ts); Next.js's would exit before the database has closed.
# The heap limit and glibc's malloc settings are npm start's (scripts/server-env.mjs, which says
# why); a test keeps them equal. Override any of them with -e.
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    NEXT_MANUAL_SIG_HANDLE=true \
    HOSTNAME=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data \
    NODE_OPTIONS=--max-old-space-size=192 \
    MALLOC_ARENA_MAX=2 \
    MALLOC_TRIM_THRESHOLD_=131072
# server.js and the node_modules it needs, with what the server reads by path at run time traced
# in (next.config.js): prisma/ beside server.js (migrations are applied at start), the password
# worker, the WebAssembly of PGlite and of the schema engine. Static files are served from
# .next/static, which the standalone output leaves out. (Copy public/ too if the app gets one.)
COPY --from=build /src/.next/standalone ./
COPY --from=build /src/.next/static ./.next/static
# The code stays root's and read-only; the server writes only to DATA_DIR (embedded database,
# development secret, signing keys) and Next.js's cache. The node image's user "node" is uid 1000.
RUN mkdir -p /data .next/cache && chown node:node /data .next/cache && chmod 0700 /data
USER node
VOLUME /data
EXPOSE 3000
# Readiness: the database answers and every migration is applied (app/api/health/ready).
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/api/health/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "server.js"]
