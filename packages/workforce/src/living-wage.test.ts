import { describe, expect, it } from 'vitest';
import { isLondonLadCode, livingWageRateOn, livingWageRates, parseLivingWageRates } from './living-wage';

describe('real living wage table (Living Wage Foundation)', () => {
  it('has a UK and a London rate for every year since 2012, rising, with an announcement date and a source', () => {
    const rates = livingWageRates();
    for (let year = 2012; year <= 2025; year += 1) {
      for (const area of ['uk', 'london'] as const) {
        expect(rates.some((r) => r.area === area && r.announced_on.startsWith(String(year))), `${area} ${year}`).toBe(true);
      }
    }
    expect(rates.every((r) => r.source_note.length > 10)).toBe(true);
  });

  it('gives the rate in force on a date: the latest announced on or before it, London or UK', () => {
    expect(livingWageRateOn('2025-03-31', 'london')?.rate_pence).toBe(1385);
    expect(livingWageRateOn('2025-03-31', 'uk')?.rate_pence).toBe(1260);
    expect(livingWageRateOn('2024-10-22', 'uk')?.rate_pence).toBe(1200);
    expect(livingWageRateOn('2024-10-23', 'uk')?.rate_pence).toBe(1260);
    expect(livingWageRateOn('2022-09-21', 'uk')?.rate_pence).toBe(990);
    expect(livingWageRateOn('2022-09-22', 'uk')?.rate_pence).toBe(1090);
    expect(livingWageRateOn('2016-03-31', 'london')?.rate_pence).toBe(940);
    expect(livingWageRateOn('2011-01-01', 'uk')).toBeNull();
  });

  it('rejects a table out of order, with the file and line', () => {
    const header = 'area,rate_pence,announced_on,implement_by,rate_year,source_note';
    expect(() => parseLivingWageRates(`${header}\nuk,900,2018-11-05,,2018-19,x\nuk,875,2019-11-11,,2019-20,y\n`, 't.csv')).toThrow(/t\.csv: uk rates must be in announcement order and rising/);
    expect(() => parseLivingWageRates(`${header}\nuk,nine,2018-11-05,,2018-19,x\n`, 't.csv')).toThrow(/t\.csv:2: rate_pence/);
  });

  it('London is the 33 E09 areas', () => {
    expect(isLondonLadCode('E09000028')).toBe(true);
    expect(isLondonLadCode('E08000024')).toBe(false);
  });
});
