// Where each end-to-end server listens, from E2E_PORT (default 3100): the config starts them and
// the specs that drive a server directly (the database proxy's control port) find them here.

const PORT = Number(process.env.E2E_PORT ?? 3100);

export const BASE_URL = `http://localhost:${PORT}`;
/** Access tokens live 5 seconds here (*.short-ttl.spec.ts). */
export const SHORT_TTL_URL = `http://localhost:${PORT + 1}`;
/** The https proxy (*.https.spec.ts), and the `next start` behind it. */
export const HTTPS_URL = `https://localhost:${PORT + 2}`;
export const HTTPS_UPSTREAM_PORT = PORT + 3;
/** Latchkey on PostgreSQL behind a proxy that can be cut (*.postgres.spec.ts). */
export const OUTAGE_URL = `http://localhost:${PORT + 4}`;
export const OUTAGE_DATABASE_PROXY_PORT = PORT + 5;
export const OUTAGE_CONTROL_URL = `http://127.0.0.1:${PORT + 6}`;
/** Low per-address sign-in and sign-up limits (*.throttle.spec.ts). */
export const THROTTLE_URL = `http://localhost:${PORT + 7}`;
/** REQUIRE_EMAIL_VERIFICATION=1 (tests tagged @verification-required). */
export const VERIFICATION_REQUIRED_URL = `http://localhost:${PORT + 8}`;
/** A server whose clock the tests move forward, for expired mail links (*.clock.spec.ts). */
export const CLOCK_URL = `http://localhost:${PORT + 9}`;
export const CLOCK_FILE = '.data-e2e-clock/clock-offset';
/**
 * A public deployment (*.public.spec.ts): `next start` in production on the embedded database, behind
 * the https proxy, with an APP_URL that is not on loopback. The test browser maps the name to this
 * machine; programs reach the same proxy at PUBLIC_PROXY_URL.
 */
export const PUBLIC_HOST = 'latchkey.test';
export const PUBLIC_URL = `https://${PUBLIC_HOST}:${PORT + 10}`;
export const PUBLIC_PROXY_URL = `https://localhost:${PORT + 10}`;
export const PUBLIC_UPSTREAM_PORT = PORT + 11;
/**
 * A real OpenID Connect provider (e2e/servers/oidc-provider.mjs; its issuer is exactly this URL), and
 * the Latchkey configured to sign in with it as "Test IdP" (*.providers.spec.ts).
 */
export const OIDC_PROVIDER_URL = `http://127.0.0.1:${PORT + 12}`;
export const PROVIDERS_URL = `http://localhost:${PORT + 13}`;
/** A stand-in for GitHub (e2e/servers/github-standin.mjs), which the same Latchkey signs in with. */
export const GITHUB_STANDIN_URL = `http://127.0.0.1:${PORT + 14}`;
/**
 * Two servers over one PostgreSQL database, as behind a load balancer (*.cluster.spec.ts,
 * e2e/servers/postgres-cluster.mjs). Both have APP_URL = CLUSTER_A_URL, the token issuer.
 */
export const CLUSTER_A_URL = `http://localhost:${PORT + 15}`;
export const CLUSTER_B_URL = `http://localhost:${PORT + 16}`;
/**
 * A server on the embedded database with ES256 keys in its data folder, beside which the tests run
 * the operator's scripts (*.scripts.spec.ts): admin:create, db:cleanup, keys:rotate, db:backup, db:psql.
 */
export const SCRIPTS_URL = `http://localhost:${PORT + 18}`;
export const SCRIPTS_DATA_DIR = '.data-e2e-scripts';
/**
 * The deployment journeys' own servers (e2e/deployment.spec.ts), one at a time: `npm start` on the
 * checkout, and the standalone output started as the Docker image starts it.
 */
export const DEPLOYMENT_URL = `http://localhost:${PORT + 17}`;
