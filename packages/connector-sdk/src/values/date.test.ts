import { describe, expect, it } from 'vitest';
import { dateOrderEvidence, parseDate } from './date';

const iso = (text: string, order: 'dmy' | 'mdy' | null = 'dmy') => {
  const result = parseDate(text, order);
  if (!result.ok) throw new Error(result.reason);
  return result.iso;
};

describe('parseDate', () => {
  it.each([
    ['25/06/2012', 'dmy', '2012-06-25'],
    ['5/6/2012', 'dmy', '2012-06-05'],
    ['05-06-2012', 'dmy', '2012-06-05'],
    ['05.06.2012', 'dmy', '2012-06-05'],
    ['4/30/2020', 'mdy', '2020-04-30'],
    ['7/31/2020', 'mdy', '2020-07-31'],
    ['03/04/2020', 'mdy', '2020-03-04'],
    ['20-Dec-13', null, '2013-12-20'],
    ['1-Nov-13', null, '2013-11-01'],
    ['07-SEP-2020 ', null, '2020-09-07'],
    ['7 September 2020', null, '2020-09-07'],
    ['2022-08-17', null, '2022-08-17'],
    ['2023/03/31 00:00:00', null, '2023-03-31'],
    ['2022-08-17T00:00:00Z', null, '2022-08-17'],
    ['20220817', null, '2022-08-17'],
    ['44790', null, '2022-08-17'],
    ['44790.5', null, '2022-08-17'],
    ['25/06/12', 'dmy', '2012-06-25'],
    ['29/02/2024', 'dmy', '2024-02-29'],
    ['29/02/2000', 'dmy', '2000-02-29'],
    ['31/12/1999', 'dmy', '1999-12-31'],
    ['1/1/2001', 'dmy', '2001-01-01'],
  ] as const)('%j (%s) → %s', (text, order, expected) => {
    expect(iso(text, order)).toBe(expected);
  });

  it('reads YYYYMM periods as the first day and says so', () => {
    expect(parseDate('202304', null)).toEqual({
      ok: true,
      iso: '2023-04-01',
      note: 'date is a YYYYMM period: first day of the month used',
    });
  });

  it('never guesses an ambiguous numeric date when the order is not set', () => {
    const result = parseDate('03/04/2020', null);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/could be dd\/mm or mm\/dd/);
  });

  it.each([
    ['31/02/2023', 'dmy'],
    ['13/05/2020', 'mdy'],
    ['29/02/2023', 'dmy'],
    ['29/02/2100', 'dmy'],
    ['31/04/2021', 'dmy'],
    ['2021-06-31', null],
    ['20210931', null],
    ['32-Jan-20', null],
    ['01-Foo-2020', null],
    ['yesterday', null],
    ['', null],
  ] as const)('rejects %j (%s)', (text, order) => {
    expect(parseDate(text, order).ok).toBe(false);
  });
});

describe('dateOrderEvidence', () => {
  it.each([
    ['25/06/2012', 'dmy'],
    ['4/30/2020', 'mdy'],
    ['03/04/2020', 'ambiguous'],
    ['05/05/2020', null],
    ['2020-04-03', null],
    ['20-Dec-13', null],
  ] as const)('%j → %s', (text, expected) => expect(dateOrderEvidence(text)).toBe(expected));
});
