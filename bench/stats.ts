// Small numeric helpers for the benchmark.

export function mean(values: number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * Runs each measurement `trials` times, interleaved (A B, B A, A B…), so background noise on a
 * shared machine falls on every side alike. Returns every sample per name.
 */
export async function interleave<Name extends string>(
  trials: number,
  measures: Record<Name, () => Promise<number>>,
): Promise<Record<Name, number[]>> {
  const names = Object.keys(measures) as Name[];
  const samples = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<Name, number[]>;
  for (let trial = 0; trial < trials; trial++) {
    const order = trial % 2 ? [...names].reverse() : names;
    for (const name of order) samples[name].push(await measures[name]());
  }
  return samples;
}

/**
 * Runs `operation` back to back, awaited one at a time, for at least `ms`, reading the clock every
 * `batch` calls (slow operations such as a sign-in: 1); returns operations per second.
 */
export async function opsPerSecond(operation: () => unknown, ms: number, batch = 64): Promise<number> {
  let count = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (let index = 0; index < batch; index++) await operation();
    count += batch;
    elapsed = performance.now() - start;
  }
  return (count / elapsed) * 1000;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The value below which `fraction` of the values fall (nearest rank): percentile(values, 0.99) is the p99. */
export function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))]!;
}
