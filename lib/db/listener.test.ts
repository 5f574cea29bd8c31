import { expect, test } from 'vitest';
import { reconnectDelay } from './listener';

test('reconnection waits 100 ms after a loss, doubling with each failure in a row up to 30 s', () => {
  expect([1, 2, 3, 4, 5].map(reconnectDelay)).toEqual([100, 200, 400, 800, 1600]);
  expect(reconnectDelay(9)).toBe(25_600);
  expect(reconnectDelay(10)).toBe(30_000);
  expect(reconnectDelay(1000)).toBe(30_000);
});
