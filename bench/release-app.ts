/**
 * Closes what a benchmark script that imported the app's lib/ holds open, so its process can
 * exit: the database (if it was opened) and the password workers (if any started).
 */
export async function releaseApp(): Promise<void> {
  await (await import('../lib/db')).closeDatabase();
  await (await import('../lib/auth/password-pool')).stopPasswordWorkers();
}
