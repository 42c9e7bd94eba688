import { describe, expect, it } from 'vitest';
import { isPluralPair, weightedTokenOverlap } from './string-similarity';

describe('word comparison', () => {
  it('takes +S and Y/IES plurals as the same word, and nothing else', () => {
    expect(isPluralPair('CENTRE', 'CENTRES')).toBe(true);
    expect(isPluralPair('DISABILITIES', 'DISABILITY')).toBe(true);
    expect(isPluralPair('CHARITY', 'CHARITIES')).toBe(true);
    expect(isPluralPair('SKY', 'SKIES')).toBe(false); // too short to tell
    expect(isPluralPair('CARE', 'CAREERS')).toBe(false);
  });

  it('credits a plural pair at 0.9 of its weight', () => {
    const one = () => 1;
    expect(weightedTokenOverlap(['LEARNING', 'DISABILITY'], ['LEARNING', 'DISABILITIES'], one)).toBeCloseTo(1.9 / 2, 6);
  });
});
