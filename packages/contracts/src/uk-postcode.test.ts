import { describe, expect, it } from 'vitest';
import { normalisePostcode } from './uk-postcode';

describe('normalisePostcode', () => {
  it.each([
    ['SR432AA', 'SR43 2AA'],
    ['sr4 32aa', 'SR43 2AA'],
    ['SR43  2AA', 'SR43 2AA'],
    ['IG11\u00a07RS', 'IG11 7RS'],
    [' e9 6sr ', 'E9 6SR'],
    ['GIR 0AA', 'GIR 0AA'],
  ])('%j → %j', (input, expected) => {
    expect(normalisePostcode(input)).toBe(expected);
  });

  it.each(['', 'N/A', 'SR4', '12345', 'SR43 2A', 'SR43 2AAA'])('rejects %j', (input) => {
    expect(normalisePostcode(input)).toBeNull();
  });
});
