import { describe, expect, it } from 'vitest';
import { formatPence, parseAmountPence } from './amount';

const pence = (text: string) => {
  const result = parseAmountPence(text);
  if (!result.ok) throw new Error(result.reason);
  return result.pence;
};

describe('parseAmountPence', () => {
  it.each([
    ['472.4', 47240],
    ['1000', 100000],
    ['"1,000.00"'.slice(1, -1), 100000],
    [' £38,148.43 ', 3814843],
    ['£913,904.17', 91390417],
    ['-85,260.00', -8526000],
    ['(123.45)', -12345],
    ['123.45CR', -12345],
    ['123.45 cr', -12345],
    ['123.45-', -12345],
    ['-£50', -5000],
    ['£-50', -5000],
    ['1\u00a0234.56', 123456],
    ['1 234.56', 123456],
    ['0.00', 0],
    ['-0.00', 0],
    ['0.1', 10],
    ['.5', 50],
    ['2906792.80', 290679280],
    ['12.3400', 1234],
    ['+12', 1200],
  ])('%j → %i pence', (text, expected) => {
    expect(pence(text)).toBe(expected);
  });

  it.each([
    ['10.005', 1001],
    ['10.004', 1000],
    ['-0.015', -2],
  ])('refuses %j (a fraction of a penny), and gives %i pence only where rounding is asked for', (text, rounded) => {
    const refused = parseAmountPence(text);
    expect(refused).toMatchObject({ ok: false, sub_penny: true });
    expect(refused.ok ? '' : refused.reason).toMatch(/more than two decimal places.*sub_penny: round/);
    expect(parseAmountPence(text, { sub_penny: 'round' })).toEqual({ ok: true, pence: rounded });
  });

  it('adds exactly where floats drift (0.1 + 0.2)', () => {
    expect(pence('0.1') + pence('0.2')).toBe(30);
  });

  it.each(['', 'N/A', 'thirty pounds', '1,00,000', '12.3.4', '£', '(12'])('rejects %j with a reason', (text) => {
    const result = parseAmountPence(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/amount/);
  });

  it('reads decimal commas when told to', () => {
    expect(parseAmountPence('1.234,56', { decimal_comma: true })).toEqual({ ok: true, pence: 123456 });
  });
});

describe('formatPence', () => {
  it.each([
    [0, '0.00'],
    [5, '0.05'],
    [-5, '-0.05'],
    [123456, '1234.56'],
    [-8526000, '-85260.00'],
    [10475847089n, '104758470.89'],
  ])('%s → %s', (value, expected) => expect(formatPence(value)).toBe(expected));
});
