// Runs bcrypt for lib/auth/password-pool.ts in a worker thread, so a hash (about 200 ms at cost 12)
// never holds the server's event loop. Plain JavaScript that Node.js loads at run time: no bundler
// touches it, in the production build, under tsx or under Vitest alike.
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import bcrypt from 'bcryptjs';

// Lower this thread's priority (Linux schedules threads separately): when the CPU is short,
// requests of people already signed in go first, and sign-ins wait a little longer.
try {
  setPriority(10);
} catch {
  // Not permitted on this system: run at normal priority.
}

parentPort.on('message', (task) => {
  try {
    const result = task.op === 'hash' ? bcrypt.hashSync(task.password, task.cost) : bcrypt.compareSync(task.password, task.hash);
    parentPort.postMessage({ result });
  } catch (error) {
    parentPort.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
});
