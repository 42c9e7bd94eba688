import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { estimateShippedWeights } from '../eval/labelled-pairs';
import { COMPARISONS, estimateMatchWeights, matchProbability, matchWeightsPath, parseMatchWeights, shippedMatchWeights, type ComparisonVector } from './match-weights';

const vector = (over: Partial<ComparisonVector> = {}): ComparisonVector => ({ name: 'fuzzy_80', competition: 'close', form: 'bare_company', postcode: 'unknown', status: 'active', ...over });

describe('Fellegi–Sunter match weights', () => {
  it('estimates m and u per level from labelled pairs, with one pseudo-count per level', () => {
    const pairs = [
      { vector: vector({ name: 'exact_with_legal_form' }), is_match: true },
      { vector: vector({ name: 'exact_with_legal_form' }), is_match: true },
      { vector: vector({ name: 'fuzzy_low' }), is_match: false },
    ];
    const weights = estimateMatchWeights(pairs, ['test'], 'test');
    const levels = COMPARISONS.name.length;
    expect(weights.comparisons.name.exact_with_legal_form.m).toBeCloseTo(3 / (2 + levels), 6);
    expect(weights.comparisons.name.exact_with_legal_form.u).toBeCloseTo(1 / (1 + levels), 6);
    expect(weights.prior).toBeCloseTo(3 / 5, 6);
    expect(weights.estimated_from).toMatchObject({ match_pairs: 2, non_match_pairs: 1 });
  });

  it('adds evidence: agreement raises the probability, disagreement lowers it', () => {
    const weights = shippedMatchWeights();
    const base = matchProbability(vector(), weights).probability;
    expect(matchProbability(vector({ name: 'exact_with_legal_form', competition: 'alone', form: 'form_company' }), weights).probability).toBeGreaterThan(0.99);
    expect(matchProbability(vector({ postcode: 'same' }), weights).probability).toBeGreaterThan(base);
    expect(matchProbability(vector({ postcode: 'different' }), weights).probability).toBeLessThan(base);
  });

  it('rejects a weights file with a missing level or a probability outside (0, 1), naming the key', () => {
    const text = readFileSync(matchWeightsPath, 'utf8');
    expect(() => parseMatchWeights(text.replace(/ {4}exact_with_legal_form:\n {6}m: [0-9.]+\n {6}u: [0-9.]+\n/, ''))).toThrow(/comparisons\.name\.exact_with_legal_form/);
    expect(() => parseMatchWeights(text.replace(/prior: [0-9.]+/, 'prior: 1.5'))).toThrow(/prior/);
  });

  it('the shipped model/match-weights.yaml is what scripts/estimate-match-weights.ts estimates from the labelled sets', async () => {
    expect(await estimateShippedWeights()).toEqual(shippedMatchWeights());
  }, 120_000);
});
