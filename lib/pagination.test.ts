import { describe, expect, test } from 'vitest';
import { PAGE_SIZE, findPage, pageCount, pageParam, pageWindow } from './pagination';

describe('pageParam', () => {
  test('reads a positive integer', () => {
    expect(pageParam('1')).toBe(1);
    expect(pageParam('7')).toBe(7);
  });

  test('anything else is page 1', () => {
    for (const value of [undefined, '', '0', '-2', '1.5', 'two', 'Infinity', '1e400', ['2', '3']]) expect(pageParam(value)).toBe(1);
  });
});

describe('pageWindow', () => {
  test('page 1 starts at the first row', () => {
    expect(pageWindow(1)).toEqual({ skip: 0, take: PAGE_SIZE });
  });

  test('later pages skip the rows of the pages before them', () => {
    expect(pageWindow(3)).toEqual({ skip: 2 * PAGE_SIZE, take: PAGE_SIZE });
  });
});

describe('pageCount', () => {
  test('an empty list has one page', () => {
    expect(pageCount(0)).toBe(1);
  });

  test('a partly filled last page counts', () => {
    expect(pageCount(PAGE_SIZE)).toBe(1);
    expect(pageCount(PAGE_SIZE + 1)).toBe(2);
    expect(pageCount(3 * PAGE_SIZE)).toBe(3);
  });
});

describe('findPage', () => {
  test('reads the window of the page asked for and counts the pages', async () => {
    const windows: { skip: number; take: number }[] = [];
    const result = await findPage(
      2,
      async (window) => {
        windows.push(window);
        return ['a', 'b'];
      },
      async () => PAGE_SIZE + 2,
    );
    expect(windows).toEqual([{ skip: PAGE_SIZE, take: PAGE_SIZE }]);
    expect(result).toEqual({ rows: ['a', 'b'], pages: 2 });
  });

  test('a failing query fails the page', async () => {
    await expect(findPage(1, async () => [], () => Promise.reject(new Error('database down')))).rejects.toThrow('database down');
  });
});
