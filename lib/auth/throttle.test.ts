import { describe, expect, test } from 'vitest';
import { retryMinutes, waitSeconds } from './throttle';

const limit = { key: 'k', max: 5, windowSeconds: 900 };
const now = new Date('2026-01-01T12:00:00Z');
const secondsAgo = (seconds: number) => new Date(now.getTime() - seconds * 1000);

describe('waitSeconds', () => {
  test('below the limit there is no wait', () => {
    expect(waitSeconds(limit, 4, secondsAgo(0), now)).toBe(0);
  });

  test('at the limit the next attempt waits a minute from the last failure', () => {
    expect(waitSeconds(limit, 5, secondsAgo(0), now)).toBe(60);
    expect(waitSeconds(limit, 5, secondsAgo(45), now)).toBe(15);
    expect(waitSeconds(limit, 5, secondsAgo(61), now)).toBe(0);
  });

  test('each failure past the limit doubles the wait', () => {
    expect([5, 6, 7, 8].map((count) => waitSeconds(limit, count, now, now))).toEqual([60, 120, 240, 480]);
  });

  test('the wait never outlasts the window, however many failures', () => {
    expect(waitSeconds(limit, 9, now, now)).toBe(900);
    expect(waitSeconds(limit, 10_000, now, now)).toBe(900);
    expect(waitSeconds(limit, 10_000, secondsAgo(900), now)).toBe(0);
  });

  test('a window shorter than a minute starts the wait at the window', () => {
    expect(waitSeconds({ ...limit, windowSeconds: 10 }, 5, now, now)).toBe(10);
  });
});

describe('retryMinutes', () => {
  test('rounds up to whole minutes', () => {
    expect(retryMinutes(61)).toBe(2);
    expect(retryMinutes(900)).toBe(15);
  });

  test('never says zero', () => {
    expect(retryMinutes(1)).toBe(1);
    expect(retryMinutes(0)).toBe(1);
  });
});
