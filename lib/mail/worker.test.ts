import { expect, test } from 'vitest';
import { MAX_MAIL_ATTEMPTS, retryDelaySeconds } from './worker';

test('failed sends are retried after 30 s, 1, 2, 4 … minutes, about an hour in all', () => {
  expect([1, 2, 3, 4].map(retryDelaySeconds)).toEqual([30, 60, 120, 240]);
  const total = Array.from({ length: MAX_MAIL_ATTEMPTS - 1 }, (_, index) => retryDelaySeconds(index + 1)).reduce((sum, delay) => sum + delay, 0);
  expect(total).toBeGreaterThan(45 * 60);
  expect(total).toBeLessThan(2 * 3600);
});
