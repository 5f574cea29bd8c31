import { sleep } from './stats';

// Figure 6's cost of one password worker thread, in a process of its own (bench/memory.ts starts
// it): the server's metrics count the workers but see only the main thread's heap, and each worker
// is a V8 isolate of its own. RSS once the password modules are loaded, then after one hash at the
// configured cost has started the pool's first worker and settled; the difference is that worker.
// Prints one JSON object: { workerMb }.

process.env.JWT_SECRET ??= 'e7sClTnK0xQvhCyhxuy3vb1EIMtuyReys4AkkyFMNlk';
process.env.APP_URL ??= 'http://localhost:3000';

const rssMb = () => process.memoryUsage.rss() / 2 ** 20;

async function main() {
  const { hashPassword } = await import('../lib/auth/password');
  const { passwordWorkerCount, stopPasswordWorkers } = await import('../lib/auth/password-pool');
  // What the first hash would otherwise load on the main thread besides the worker.
  (await import('../lib/config')).getConfig();
  (await import('../lib/metrics/registry')).getMetrics();
  await sleep(500);
  const before = rssMb();
  await hashPassword('bench-password-123');
  if (passwordWorkerCount() !== 1) throw new Error(`expected one password worker, found ${passwordWorkerCount()}`);
  await sleep(1000);
  const after = rssMb();
  process.stdout.write(`${JSON.stringify({ workerMb: after - before })}\n`);
  await stopPasswordWorkers();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
