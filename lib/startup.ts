import { seedDemoAccounts } from './auth/demo-accounts';
import { ConfigError, getConfig } from './config';
import { closeDatabase, getDatabase } from './db';

const log = (line: string) => console.log(`[latchkey] ${line}`);

/** Runs once when the server starts, before it takes requests (instrumentation.ts). */
export async function startServer(): Promise<void> {
  try {
    const config = getConfig();
    const database = await getDatabase();
    log(database.kind === 'embedded' ? `Embedded database in ${config.dataDir}` : 'PostgreSQL database');
    if (config.seedDemo) await seedDemoAccounts(log);
    log(`Ready at ${config.appUrl}`);
  } catch (error) {
    // A bad setting or an unreachable database stops start-up with one readable message.
    console.error(error instanceof ConfigError ? error.message : `[latchkey] Start-up failed: ${String(error)}`);
    process.exit(1);
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void closeDatabase().finally(() => process.exit(0));
    });
  }
}
