import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evaluateMatcher, formatEvaluation, formatSweep, readTruthCsv, scoreMatches, sweepThresholds, thresholdForPrecision, type ThresholdPoint } from './match-evaluation';
import { SupplierMatcher } from './supplier-matcher';
import { withTemporaryRegisters } from './temporary-registers';

const synthetic = (name: string) => fileURLToPath(new URL(`../eval/synthetic/${name}`, import.meta.url));

describe('match evaluation', () => {
  it('the synthetic truth set: every kind of variation matched, every near miss abstained', async () => {
    const cases = await readTruthCsv(synthetic('truth.csv'));
    expect(cases).toHaveLength(28);
    const evaluation = await withTemporaryRegisters([{ path: synthetic('register.csv') }], (conn) => evaluateMatcher(new SupplierMatcher(conn), cases));
    const failures = evaluation.evaluated
      .filter((e) => e.outcome === 'wrong' || e.outcome === 'missed')
      .map((e) => `${e.truth.name}: ${e.outcome} (${e.match.method} ${e.match.org_id ?? ''}: ${e.match.reason})`);
    expect(failures).toEqual([]);
    expect(evaluation).toMatchObject({ positives: 23, correct: 23, wrong: 0, precision: 1, recall: 1 });
    expect(formatEvaluation(evaluation)).toMatch(/precision 100\.0%\s+recall 100\.0%/);
  });

  it('scores outcomes and bands: a wrong match counts against precision, an abstention against recall', () => {
    const truth = [
      { name: 'A', expected_org_id: 'GB-CHC-1', postcode: null, company_number: null, charity_number: null, weight: 1 },
      { name: 'B', expected_org_id: 'GB-CHC-2', postcode: null, company_number: null, charity_number: null, weight: 1 },
      { name: 'C', expected_org_id: null, postcode: null, company_number: null, charity_number: null, weight: 1 },
      { name: 'D', expected_org_id: 'GB-CHC-4', postcode: null, company_number: null, charity_number: null, weight: 1 },
    ];
    const candidate = (org_id: string, score: number) => ({ org_id, name: org_id, matched_on: org_id, postcode: null, is_active: null, score, evidence: [] });
    const match = (org_id: string | null, confidence: number, candidates: ReturnType<typeof candidate>[]) => ({
      org_id, matched_name: org_id, method: org_id ? ('exact_name' as const) : ('no_match' as const), confidence, override_postcode: null, reason: '', candidates,
    });
    const evaluation = scoreMatches(truth, [
      match('GB-CHC-1', 0.97, [candidate('GB-CHC-1', 0.97)]),
      match('GB-CHC-9', 0.91, [candidate('GB-CHC-9', 0.91), candidate('GB-CHC-2', 0.8)]),
      match(null, 0.5, [candidate('GB-CHC-3', 0.5)]),
      match(null, 0.86, [candidate('GB-CHC-4', 0.86)]),
    ]);
    expect(evaluation).toMatchObject({ positives: 3, predicted: 2, correct: 1, wrong: 1, missed: 2, precision: 0.5 });
    expect(evaluation.recall).toBeCloseTo(1 / 3);
    expect(evaluation.bands.find((b) => b.band === '0.97–0.99')).toMatchObject({ accepted: 1, correct: 1, precision: 1 });
    expect(evaluation.bands.find((b) => b.band === '0.90–0.95')).toMatchObject({ accepted: 1, correct: 0, precision: 0 });
    expect(evaluation.bands.find((b) => b.band === '0.80–0.90')).toMatchObject({ accepted: 0, right_but_abstained: 1 });
    expect(evaluation.evaluated.map((e) => e.outcome)).toEqual(['correct', 'wrong', 'correct_abstention', 'missed']);
  });

  it('chooses the lowest threshold that holds a precision target at it and above, from a sweep', async () => {
    const point = (threshold: number, correct: number, wrong: number): ThresholdPoint => ({
      threshold, predicted: correct + wrong, correct, wrong, precision: correct + wrong === 0 ? 1 : correct / (correct + wrong), recall: correct / 100,
    });
    const points = [point(0.88, 90, 3), point(0.9, 85, 0), point(0.92, 80, 1), point(0.95, 60, 0), point(0.98, 0, 0)];
    // 0.90 reaches 100% but 0.92 above it misses 99%: only 0.95 holds it; 0.98 accepts nothing and says nothing
    expect(thresholdForPrecision(points, 0.99)?.threshold).toBe(0.95);
    expect(thresholdForPrecision(points, 0.95)?.threshold).toBe(0.88);
    expect(thresholdForPrecision([point(0.9, 5, 5)], 0.99)).toBeNull();
    expect(formatSweep(points, 0.99)).toMatch(/threshold 0\.95 holds it \(precision 100\.0%, recall 60\.0%/);

    // on the synthetic set with its register: the matcher is re-run at each threshold
    const cases = await readTruthCsv(synthetic('truth.csv'));
    const sweep = await withTemporaryRegisters([{ path: synthetic('register.csv') }], (conn) =>
      sweepThresholds((threshold) => new SupplierMatcher(conn, { threshold }), cases, [0.9, 0.99]));
    expect(sweep.map((p) => [p.threshold, p.correct])).toEqual([[0.9, 23], [0.99, 0]]);
  });

  it('says what the name alone cannot tell: a name only another organisation holds, and how often a unique exact name is right', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cwb-name-only-'));
    try {
      const register = join(dir, 'register.csv');
      await writeFile(register, [
        'scheme,number,name,postcode,type,status',
        'GB-CHC,1000001,ST BARNABAS HOSPICE,,charity,registered',
        'GB-CHC,1000002,ST BARNABAS HOSPICES SUSSEX LIMITED,,charity,registered',
        'GB-CHC,1000003,THE ALZHEIMER\'S SOCIETY,,charity,registered',
        'GB-CHC,1000004,KESTREL CARE TRUST,,charity,registered',
        'GB-COH,00000005,KESTREL CARE TRUST LIMITED,,company,active',
        '',
      ].join('\n'));
      const truth = (name: string, expected_org_id: string | null) => ({ name, expected_org_id, postcode: null, company_number: null, charity_number: null, weight: 1 });
      const cases = [
        // the audit knew the paying trust: the Sussex hospice, though another charity holds the name exactly
        truth('ST BARNABAS HOSPICE', 'GB-CHC-1000002'),
        truth('ALZHEIMERS SOCIETY', 'GB-CHC-1000003'),
        // two organisations hold the name: not unique, and the right one is among them
        truth('KESTREL CARE TRUST', 'GB-CHC-1000004'),
        truth('NO SUCH ORGANISATION', null),
      ];
      const evaluation = await withTemporaryRegisters([{ path: register }], (conn) => evaluateMatcher(new SupplierMatcher(conn), cases));
      expect(evaluation.name_only).toEqual({ held_by_another: 1, unique_exact: 2, unique_exact_right: 1 });
      const text = formatEvaluation(evaluation);
      expect(text).toContain('name alone: 1 of 3 positives carry a name that only other organisations hold exactly');
      expect(text).toContain('recall ≤ 66.7%');
      expect(text).toContain('right 1 of 2 times (50.0%)');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
