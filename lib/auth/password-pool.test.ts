import bcrypt from 'bcryptjs';
import { afterEach, expect, test, vi } from 'vitest';

// Each test loads the pool afresh under its own limits.
const original = { ...process.env };

async function loadPool(env: Record<string, string> = {}) {
  vi.resetModules();
  process.env = { ...original, ...env };
  const pool = await import('./password-pool');
  const password = await import('./password');
  return { ...pool, ...password };
}

afterEach(async () => {
  const { stopPasswordWorkers } = await import('./password-pool');
  await stopPasswordWorkers();
  process.env = { ...original };
});

test('the pool writes the same $2b$ hashes as bcryptjs, and checks hashes bcryptjs wrote', async () => {
  const { hashPassword, verifyPassword } = await loadPool();
  const hash = await hashPassword('correct horse battery staple');
  expect(hash).toMatch(/^\$2b\$10\$[./A-Za-z0-9]{53}$/);
  expect(bcrypt.compareSync('correct horse battery staple', hash)).toBe(true);

  const existing = bcrypt.hashSync('an older password', 10);
  await expect(verifyPassword('an older password', existing)).resolves.toBe(true);
  await expect(verifyPassword('another password', existing)).resolves.toBe(false);
});

test('the queue is bounded: past the limit a task is refused at once', async () => {
  const { runPasswordTask, PasswordQueueFullError } = await loadPool({ PASSWORD_WORKERS: '1', PASSWORD_QUEUE_LIMIT: '1' });
  const running = runPasswordTask({ op: 'hash', password: 'first', cost: 12 });
  const waiting = runPasswordTask({ op: 'hash', password: 'second', cost: 10 });
  await expect(runPasswordTask({ op: 'hash', password: 'third', cost: 10 })).rejects.toBeInstanceOf(PasswordQueueFullError);
  await expect(running).resolves.toMatch(/^\$2b\$12\$/);
  await expect(waiting).resolves.toMatch(/^\$2b\$10\$/);
  // Once the line has moved, tasks are taken again.
  await expect(runPasswordTask({ op: 'compare', password: 'first', hash: await running })).resolves.toBe(true);
});

test('hashing does not hold the event loop', async () => {
  const { hashPassword } = await loadPool({ BCRYPT_COST: '12' });
  let longestGap = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    longestGap = Math.max(longestGap, performance.now() - last);
    last = performance.now();
  }, 5);
  const started = performance.now();
  await Promise.all([hashPassword('one'), hashPassword('two')]);
  const hashing = performance.now() - started;
  clearInterval(timer);
  // On the main thread, bcryptjs would hold the loop for a large part of each hash. A busy
  // machine delays timers too, so the bound is relative to how long hashing took here.
  expect(longestGap).toBeLessThan(hashing / 4);
});

test('workers start as work needs them and all but one stop when idle', async () => {
  const { runPasswordTask, passwordWorkerCount, IDLE_MS } = await loadPool({ PASSWORD_WORKERS: '3' });
  expect(passwordWorkerCount()).toBe(0);
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  let hashes: string[];
  try {
    hashes = await Promise.all(['a', 'b', 'c'].map((password) => runPasswordTask({ op: 'hash', password, cost: 10 })));
    expect(passwordWorkerCount()).toBe(3);
    // Work keeps a worker: the timer of one that takes a task is cancelled.
    await vi.advanceTimersByTimeAsync(IDLE_MS - 1);
    expect(passwordWorkerCount()).toBe(3);
    await vi.advanceTimersByTimeAsync(1);
    expect(passwordWorkerCount()).toBe(1);
  } finally {
    vi.useRealTimers();
  }
  // The one left takes the next task.
  await expect(runPasswordTask({ op: 'compare', password: 'a', hash: hashes[0]! })).resolves.toBe(true);
  expect(passwordWorkerCount()).toBe(1);
});

test('every copy of the module shares one pool, as Next.js bundles do', async () => {
  const first = await loadPool({ PASSWORD_WORKERS: '1' });
  const second = await loadPool({ PASSWORD_WORKERS: '1' });
  expect(second).not.toBe(first);
  await second.runPasswordTask({ op: 'hash', password: 'two', cost: 10 });
  // The first copy sees the worker the second started, and uses it rather than starting its own.
  expect(first.passwordWorkerCount()).toBe(1);
  await first.runPasswordTask({ op: 'hash', password: 'one', cost: 10 });
  expect(second.passwordWorkerCount()).toBe(1);
});
