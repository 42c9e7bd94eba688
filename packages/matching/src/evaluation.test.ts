import { describe, expect, it } from 'vitest';
import { loadLabels, runEvaluation } from '../eval/evaluation';

describe('labelled evaluation', () => {
  it('has at least 200 hand-labelled sample supplier names, each with how the label was decided', async () => {
    const labels = await loadLabels();
    const hand = labels.filter((l) => l.group === 'hand');
    expect(hand.length).toBeGreaterThanOrEqual(200);
    expect(hand.every((l) => l.basis.length > 0 && l.note.length > 0)).toBe(true);
    expect(labels.filter((l) => l.group === 'identifier').length).toBeGreaterThan(50);
  });

  it('keeps precision at or above 98% on the hand labels with a generated background', async () => {
    const result = await runEvaluation({ background: 20_000 });
    const hand = result.scores.find((s) => s.group === 'hand')!;
    expect(hand.precision).toBeGreaterThanOrEqual(0.98);
    expect(hand.recall).toBeGreaterThanOrEqual(0.85);
    expect(result.scores.find((s) => s.group === 'identifier')).toMatchObject({ precision: 1, recall: 1 });
  });
});
