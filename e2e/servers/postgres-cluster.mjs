import { createThrowawayDatabase, startNext, stopTogether } from './throwaway-database.mjs';

// Two Latchkey servers over one PostgreSQL database, as behind a load balancer
// (*.cluster.spec.ts): same APP_URL and JWT_SECRET (playwright.config.ts), so an access token
// issued by one is valid on the other, and a data folder each. B starts once A answers, so the
// migrations and the demo accounts are done by one server at a time. The database is dropped when
// this process ends.
// Usage: node e2e/servers/postgres-cluster.mjs <port A> <port B>

const ports = process.argv.slice(2).map(Number);
const database = await createThrowawayDatabase();
const stopWith = stopTogether(database.drop);

async function answering(port) {
  for (;;) {
    const response = await fetch(`http://localhost:${port}/login`).catch(() => null);
    if (response?.ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

for (const [index, port] of ports.entries()) {
  stopWith(startNext(port, { DATABASE_URL: database.url.toString(), DATA_DIR: `.data-e2e-cluster-${index}` }));
  await answering(port);
}
