import 'server-only';
import { deleteExpiredData } from './accounts/cleanup';
import { installTrustedClientAddress } from './request/client-address';
import { prepareDemoAccounts } from './accounts/demo-accounts';
import { startSessionChangeListener } from './accounts/session-changes';
import { ensureSigningKey } from './auth/keys';
import { callbackUrl } from './auth/oidc';
import { type Config, ConfigError, getConfig } from './config';
import { openServerDatabase } from './db';
import { getLogger } from './log';
import { startMailWorker } from './mail/worker';
import { trackRequests } from './request/in-flight';
import { shutDownOnSignals } from './shutdown';

const log = (line: string) => getLogger().info(line);

const CLEANUP_INTERVAL_MS = 10 * 60 * 1000;

/** Runs once when the server starts, before it takes requests (instrumentation.ts). */
export async function startServer(): Promise<void> {
  try {
    const config = getConfig();
    installTrustedClientAddress();
    trackRequests();
    await ensureSigningKey(log);
    const database = await openServerDatabase();
    log(database.kind === 'postgres' ? 'PostgreSQL database' : `Embedded database in ${config.dataDir}${database.socketPath ? `, served to scripts on ${database.socketPath}` : ''}`);
    startSessionChangeListener(database);
    await prepareDemoAccounts(config, log);
    log(describeMail(config));
    for (const provider of config.providers) log(`Sign-in with ${provider.name}: register the callback URL ${callbackUrl(provider)}`);
    log(`Ready at ${config.appUrl}`);
    scheduleCleanup();
    shutDownOnSignals(startMailWorker(), log);
  } catch (error) {
    // A bad setting or an unreachable database stops start-up with one readable message.
    getLogger().fatal(error instanceof ConfigError ? error.message : `Start-up failed: ${String(error)}`);
    process.exit(1);
  }
}

function describeMail(config: Config): string {
  if (config.smtpUrl) return `Mail goes to ${new URL(config.smtpUrl).host} from ${config.mailFrom}`;
  if (config.devOutbox) return `No SMTP_URL: mail is kept in the dev outbox, ${config.appUrl}/dev/outbox`;
  return 'No SMTP_URL: mail is kept in the database and not sent. Set SMTP_URL to send it (DEV_OUTBOX=1 shows it at /dev/outbox, to anyone who can reach the server)';
}

// Keeps the session tables small: see lib/accounts/cleanup.ts. A failed run is logged and retried at
// the next interval; it never stops the server.
function scheduleCleanup(): void {
  const run = () =>
    deleteExpiredData().catch((error: unknown) => getLogger().error({ error: String(error) }, 'session cleanup failed'));
  void run();
  setInterval(run, CLEANUP_INTERVAL_MS).unref();
}
