import { describe, expect, it } from 'vitest';
import { birthDateFromNationalId, checkNationalId, computeCheckChar, maskNationalId, maskPhone } from './national-id';

describe('checkNationalId', () => {
  it.each([
    ['11010519491231002X', null], // the standard's own example
    ['11010519491231002x', null], // lower-case x accepted
    ['440524198001010013', null],
    ['110105194912310021', 'checksum'],
    ['440524198001010014', 'checksum'],
    ['11010519491331002X', 'birth_date'], // month 13
    ['11010519490230002X', 'birth_date'], // 30 February
    ['11010518991231002X', 'birth_date'], // before 1900
    ['1101051949123100', 'format'],
    ['11010519491231002Y', 'format'],
    ['', 'format'],
  ] as const)('%s → %s', (id, expected) => {
    expect(checkNationalId(id)).toBe(expected);
  });

  it('computes the check character that makes an ID valid', () => {
    const first17 = '32010219900512123';
    const id = first17 + computeCheckChar(first17);
    expect(checkNationalId(id)).toBeNull();
    expect(birthDateFromNationalId(id)).toBe('1990-05-12');
  });
});

describe('masking', () => {
  it.each([
    [maskNationalId('11010519491231002X'), '110105********002X'],
    [maskNationalId(null), null],
    [maskPhone('13812345678'), '138****5678'],
    [maskPhone('025-84561234'), '025*****1234'],
    [maskPhone('1234'), '****'],
  ])('%s', (got, want) => {
    expect(got).toBe(want);
  });
});
