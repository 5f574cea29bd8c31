// Next.js calls register() once per server process, before the first request.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { observeRequests } = await import('./lib/request/request-log');
    observeRequests();
    const { startServer } = await import('./lib/startup');
    await startServer();
  }
}
