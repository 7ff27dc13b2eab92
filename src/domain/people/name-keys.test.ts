import { describe, expect, it } from 'vitest';
import { computeAge, computeNameKeys } from './name-keys';

describe('computeNameKeys', () => {
  it.each([
    ['张三丰', 'zhangsanfeng', 'zsf'],
    ['王伟', 'wangwei', 'ww'],
    ['吕强', 'lvqiang', 'lq'], // ü written as v, as people type it
    ['欧阳晓燕', 'ouyangxiaoyan', 'oyxy'],
    ['Anna李', 'annali', 'al'],
  ])('%s → %s / %s', (name, pinyin, initials) => {
    expect(computeNameKeys(name)).toEqual({ pinyin, initials });
  });
});

describe('computeAge', () => {
  const today = new Date(2026, 10, 28); // 28 Nov 2026
  it.each([
    ['1990-11-28', 36],
    ['1990-11-29', 35],
    ['2003-01-01', 23],
    ['1967-12-31', 58],
    [null, null],
  ] as const)('%s → %s', (birth, age) => {
    expect(computeAge(birth, today)).toBe(age);
  });
});
