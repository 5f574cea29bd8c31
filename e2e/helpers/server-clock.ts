import { appendFileSync, readFileSync } from 'node:fs';
import { expect } from '@playwright/test';
import { CLOCK_FILE, CLOCK_URL } from './server-addresses';

// The clock server's time (*.clock.spec.ts): it runs ahead of the real clock by the seconds
// written to CLOCK_FILE, one line per move, summed (e2e/servers/movable-clock.mjs).

/** How far the clock server runs ahead of the real clock: the moves in its file, summed. */
export function serverClockOffsetMs(): number {
  try {
    return readFileSync(CLOCK_FILE, 'utf8').split('\n').map(Number).filter(Number.isFinite).reduce((sum, seconds) => sum + seconds, 0) * 1000;
  } catch {
    return 0;
  }
}

/** Moves the clock server's time forward and waits until the server answers with the moved clock. */
export async function advanceServerClock(seconds: number): Promise<void> {
  // One line per move, appended: tests in parallel workers never lose each other's moves.
  appendFileSync(CLOCK_FILE, `${seconds}\n`);
  const moved = serverClockOffsetMs() / 1000;
  // The server polls the file every 100 ms, and says in every answer how far ahead it runs.
  await expect
    .poll(async () => Number((await fetch(`${CLOCK_URL}/api/health`)).headers.get('x-movable-clock-offset')), {
      message: 'the clock server has seen the move',
      timeout: 10_000,
    })
    .toBeGreaterThanOrEqual(moved);
}
