import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { getConfig } from '../config';
import { getMetrics } from '../metrics/registry';

// A small pool of worker threads for bcrypt (password-worker.mjs). bcryptjs on the main thread,
// even its async form, holds the event loop for tens of milliseconds at a time and stalls every
// other request. The queue is bounded: when it is full, a new task is refused at once
// (PasswordQueueFullError) and the person is asked to try again, rather than waiting behind
// an ever longer line. Workers start when work needs them, up to PASSWORD_WORKERS, and all but
// one stop after IDLE_MS without work: a quiet server holds one worker's memory, not one per core.

export type PasswordTask = { op: 'hash'; password: string; cost: number } | { op: 'compare'; password: string; hash: string };

export class PasswordQueueFullError extends Error {
  constructor() {
    super('The password queue is full');
    this.name = 'PasswordQueueFullError';
  }
}

type Pending = { task: PasswordTask; resolve: (value: string | boolean) => void; reject: (error: Error) => void; started?: number };
type Slot = { worker: Worker; current: Pending | null; retiring?: NodeJS.Timeout };

// Loaded by path, not imported: bundlers leave it alone. Servers and scripts run from the project folder.
const WORKER_FILE = path.join(process.cwd(), 'lib', 'auth', 'password-worker.mjs');

/** How long a worker beyond the first may wait for work before it stops. */
export const IDLE_MS = 30_000;

// One pool per process. Next.js bundles Server Actions, route handlers and pages separately, each
// with its own copy of this module: the pool lives on globalThis, so together they use at most
// PASSWORD_WORKERS threads and one queue, rather than a pool each.
type PoolState = { slots: Slot[]; queue: Pending[] };
const globalPool = globalThis as typeof globalThis & { __latchkeyPasswordPool?: PoolState };
const { slots, queue } = (globalPool.__latchkeyPasswordPool ??= { slots: [], queue: [] });

// bcrypt allocates almost nothing, and a worker's heap holds about 7 MB after start: V8's default
// young generation (up to 16 MB semi-spaces) only made each worker about 3 MB larger, no faster.
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 16 };

function startSlot(): Slot {
  const slot: Slot = { worker: new Worker(WORKER_FILE, { resourceLimits: WORKER_LIMITS }), current: null };
  slot.worker.unref();
  slot.worker.on('message', (message: { result?: string | boolean; error?: string }) => {
    const done = slot.current;
    slot.current = null;
    if (done?.started !== undefined) getMetrics().passwordHashDuration.observe({ op: done.task.op }, (performance.now() - done.started) / 1000);
    if (message.error !== undefined) done?.reject(new Error(message.error));
    else done?.resolve(message.result!);
    dispatch();
    if (slot.current === null) retireWhenIdle(slot);
  });
  // A worker that dies takes its task with it; the next task starts a fresh one.
  slot.worker.on('error', (error) => {
    slots.splice(slots.indexOf(slot), 1);
    getMetrics().passwordWorkers.set(slots.length);
    slot.current?.reject(error);
    dispatch();
  });
  slots.push(slot);
  getMetrics().passwordWorkers.set(slots.length);
  return slot;
}

function retireWhenIdle(slot: Slot): void {
  if (slot === slots[0]) return;
  slot.retiring = setTimeout(() => {
    if (slot.current !== null || !slots.includes(slot)) return;
    slots.splice(slots.indexOf(slot), 1);
    getMetrics().passwordWorkers.set(slots.length);
    void slot.worker.terminate();
  }, IDLE_MS).unref();
}

function dispatch(): void {
  while (queue.length > 0) {
    const slot = slots.find((candidate) => candidate.current === null) ?? (slots.length < getConfig().passwordWorkers ? startSlot() : undefined);
    if (!slot) break;
    const pending = queue.shift()!;
    getMetrics().passwordQueue.set(queue.length);
    clearTimeout(slot.retiring);
    pending.started = performance.now();
    slot.current = pending;
    slot.worker.postMessage(pending.task);
  }
  // Busy workers keep the process alive until they answer; idle ones do not.
  for (const slot of slots) {
    if (slot.current) slot.worker.ref();
    else slot.worker.unref();
  }
}

/**
 * Runs one bcrypt task in the pool. Rejects with PasswordQueueFullError when every worker is busy
 * and PASSWORD_QUEUE_LIMIT tasks already wait.
 */
export function runPasswordTask(task: PasswordTask & { op: 'hash' }): Promise<string>;
export function runPasswordTask(task: PasswordTask & { op: 'compare' }): Promise<boolean>;
export function runPasswordTask(task: PasswordTask): Promise<string | boolean> {
  const { passwordWorkers, passwordQueueLimit } = getConfig();
  const workerFree = slots.length < passwordWorkers || slots.some((slot) => slot.current === null);
  if (!workerFree && queue.length >= passwordQueueLimit) return Promise.reject(new PasswordQueueFullError());
  return new Promise((resolve, reject) => {
    queue.push({ task, resolve, reject });
    getMetrics().passwordQueue.set(queue.length);
    dispatch();
  });
}

/** The worker threads running now (idle ones included). */
export function passwordWorkerCount(): number {
  return slots.length;
}

/** Ends the workers (tests); the pool starts new ones when needed. */
export async function stopPasswordWorkers(): Promise<void> {
  for (const slot of slots) clearTimeout(slot.retiring);
  const stopping = slots.splice(0).map((slot) => slot.worker.terminate());
  await Promise.all(stopping);
}
