import { existsSync } from 'node:fs';
import { DuckDBInstance, quotedString } from '@duckdb/node-api';
import { z } from 'zod';
import { MATCH_BATCH_SIZE, type SupplierMatcher } from './supplier-matcher';
import type { SupplierMatch } from './supplier-input';

/**
 * One case of a truth set: a ledger supplier name and the organisation a person decided it is
 * (`expected_org_id`), or none (blank: the matcher should abstain).
 */
export const truthCaseSchema = z.object({
  name: z.string().min(1),
  expected_org_id: z.string().nullable(),
  postcode: z.string().nullable().default(null),
  company_number: z.string().nullable().default(null),
  charity_number: z.string().nullable().default(null),
  /** How much the case counts for (spend, or the number of payments); default 1. */
  weight: z.number().nonnegative().default(1),
});
export type TruthCase = z.infer<typeof truthCaseSchema>;

/** Confidence bands of the calibration table (lower bounds, highest first). */
export const CONFIDENCE_BANDS = [0.99, 0.97, 0.95, 0.9, 0.8, 0] as const;

export interface ConfidenceBand {
  band: string;
  /** Matches made in this band (accepted or not: abstentions are banded by their best candidate's score). */
  accepted: number;
  correct: number;
  /** Observed precision of the accepted matches in the band. */
  precision: number | null;
  /** Cases whose best candidate in this band was the right organisation but was not accepted. */
  right_but_abstained: number;
}

/** Probability bands (lower bounds, highest first) for the Fellegi–Sunter calibration table. */
export const PROBABILITY_BANDS = [0.99, 0.95, 0.9, 0.8, 0.5, 0] as const;

export interface ProbabilityBand {
  band: string;
  /** Cases whose most probable candidate has a probability in the band. */
  cases: number;
  /** ... and that candidate is the right organisation. */
  right: number;
  /** right / cases: close to the band's probabilities when the weights are calibrated. */
  observed: number | null;
}

export interface EvaluatedCase {
  truth: TruthCase;
  match: SupplierMatch;
  outcome: 'correct' | 'wrong' | 'missed' | 'correct_abstention';
  /** Where the right organisation was among the candidates (0 = best), or null when it was not there. */
  right_candidate_rank: number | null;
}

/**
 * What the name alone can tell on a truth set, whatever the matcher's rules: read from the exact-name
 * candidates (normalised name equal to a register name) the matcher found for each positive case.
 */
export interface NameOnlyBound {
  /**
   * Positives whose name only other organisations hold exactly (the right one is not among them):
   * a matcher that decides on the name gets each of these wrong or abstains, so without other
   * evidence (postcode, identifier, the paying anchor's area) recall is at most (positives − this) / positives.
   */
  held_by_another: number;
  /** Positives whose name exactly one organisation holds, ... */
  unique_exact: number;
  /** ... and it is the right one: the precision of taking every unique exact name is unique_exact_right / unique_exact. */
  unique_exact_right: number;
}

export interface MatchEvaluation {
  cases: number;
  positives: number;
  predicted: number;
  correct: number;
  wrong: number;
  missed: number;
  precision: number;
  recall: number;
  f1: number;
  bands: ConfidenceBand[];
  /** The Fellegi–Sunter calibration: each case's most probable candidate, by its probability. */
  probability_bands: ProbabilityBand[];
  by_method: Record<string, { predicted: number; correct: number }>;
  name_only: NameOnlyBound;
  evaluated: EvaluatedCase[];
}

/** Reads a truth CSV: `name` and `expected_org_id` columns; optional postcode, company_number, charity_number, weight. */
export async function readTruthCsv(path: string): Promise<TruthCase[]> {
  if (!existsSync(path)) throw new Error(`${path}: file not found. Fix: check the path`);
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    const rows = (await conn.runAndReadAll(`SELECT * FROM read_csv(${quotedString(path)}, header = true, all_varchar = true)`)).getRowObjectsJS();
    const columns = rows[0] ? Object.keys(rows[0]) : [];
    for (const needed of ['name', 'expected_org_id']) {
      if (rows.length > 0 && !columns.includes(needed)) {
        throw new Error(`${path}:1: no "${needed}" column (the header has ${columns.join(', ')}). Fix: a truth file has name and expected_org_id (blank = no match)`);
      }
    }
    const text = (value: unknown) => (value === null || value === undefined || String(value).trim() === '' ? null : String(value).trim());
    return rows.map((row, index) => {
      const parsed = truthCaseSchema.safeParse({
        name: text(row.name) ?? '',
        expected_org_id: text(row.expected_org_id),
        postcode: text(row.postcode),
        company_number: text(row.company_number),
        charity_number: text(row.charity_number),
        weight: text(row.weight) === null ? 1 : Number(row.weight),
      });
      if (!parsed.success) throw new Error(`${path}:${index + 2}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      return parsed.data;
    });
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

function bandOf(confidence: number, bands: readonly number[] = CONFIDENCE_BANDS): string {
  const lower = bands.find((b) => confidence >= b) ?? 0;
  const index = bands.indexOf(lower);
  const upper = index === 0 ? 1 : bands[index - 1]!;
  return index === 0 ? `≥ ${lower.toFixed(2)}` : `${lower.toFixed(2)}–${upper.toFixed(2)}`;
}

/** For each case with candidates, its most probable candidate's band and whether it is right. */
function probabilityBands(evaluated: readonly EvaluatedCase[]): ProbabilityBand[] {
  const bands = new Map(PROBABILITY_BANDS.map((b) => [bandOf(b, PROBABILITY_BANDS), { band: bandOf(b, PROBABILITY_BANDS), cases: 0, right: 0, observed: null as number | null }]));
  for (const e of evaluated) {
    const top = [...e.match.candidates].filter((c) => c.probability !== undefined).sort((a, b) => b.probability! - a.probability!)[0];
    if (!top) continue;
    const band = bands.get(bandOf(top.probability!, PROBABILITY_BANDS))!;
    band.cases += 1;
    if (top.org_id === e.truth.expected_org_id) band.right += 1;
  }
  for (const band of bands.values()) band.observed = band.cases === 0 ? null : band.right / band.cases;
  return [...bands.values()];
}

/** A candidate whose name (current, other or trading) equals the ledger's once both are normalised. */
const isExactName = (candidate: SupplierMatch['candidates'][number]) => candidate.evidence.some((key) => key.startsWith('exact.'));

function nameOnlyBound(evaluated: readonly EvaluatedCase[]): NameOnlyBound {
  const bound: NameOnlyBound = { held_by_another: 0, unique_exact: 0, unique_exact_right: 0 };
  for (const e of evaluated) {
    if (e.truth.expected_org_id === null) continue;
    const holders = new Set(e.match.candidates.filter(isExactName).map((c) => c.org_id));
    if (holders.size > 0 && !holders.has(e.truth.expected_org_id)) bound.held_by_another += 1;
    if (holders.size === 1) {
      bound.unique_exact += 1;
      if (holders.has(e.truth.expected_org_id)) bound.unique_exact_right += 1;
    }
  }
  return bound;
}

/** Matches every case (in batches) and scores the outcome against the truth. */
export async function evaluateMatcher(matcher: SupplierMatcher, cases: readonly TruthCase[], batchSize = MATCH_BATCH_SIZE): Promise<MatchEvaluation> {
  const matches: SupplierMatch[] = [];
  for (let start = 0; start < cases.length; start += batchSize) {
    const batch = cases.slice(start, start + batchSize);
    matches.push(...(await matcher.matchBatch(batch.map((c) => ({ name: c.name, postcode: c.postcode, company_number: c.company_number, charity_number: c.charity_number })))));
  }
  return scoreMatches(cases, matches);
}

/** Precision, recall, F1, the calibration table and each case's outcome. */
export function scoreMatches(cases: readonly TruthCase[], matches: readonly SupplierMatch[]): MatchEvaluation {
  const evaluated: EvaluatedCase[] = cases.map((truth, i) => {
    const match = matches[i]!;
    const rank = truth.expected_org_id === null ? null : match.candidates.findIndex((c) => c.org_id === truth.expected_org_id);
    const right_candidate_rank = rank === null || rank < 0 ? null : rank;
    const outcome: EvaluatedCase['outcome'] =
      match.org_id === null ? (truth.expected_org_id === null ? 'correct_abstention' : 'missed') : match.org_id === truth.expected_org_id ? 'correct' : 'wrong';
    return { truth, match, outcome, right_candidate_rank };
  });
  const positives = cases.filter((c) => c.expected_org_id !== null).length;
  const correct = evaluated.filter((e) => e.outcome === 'correct').length;
  const wrong = evaluated.filter((e) => e.outcome === 'wrong').length;
  const predicted = correct + wrong;
  const precision = predicted === 0 ? 1 : correct / predicted;
  const recall = positives === 0 ? 1 : correct / positives;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  const bands = new Map<string, ConfidenceBand>();
  for (const b of CONFIDENCE_BANDS) {
    const name = bandOf(b);
    bands.set(name, { band: name, accepted: 0, correct: 0, precision: null, right_but_abstained: 0 });
  }
  const by_method: Record<string, { predicted: number; correct: number }> = {};
  for (const e of evaluated) {
    if (e.match.org_id !== null) {
      const band = bands.get(bandOf(e.match.confidence))!;
      band.accepted += 1;
      if (e.outcome === 'correct') band.correct += 1;
      const method = (by_method[e.match.method] ??= { predicted: 0, correct: 0 });
      method.predicted += 1;
      if (e.outcome === 'correct') method.correct += 1;
    } else if (e.right_candidate_rank === 0) {
      bands.get(bandOf(e.match.candidates[0]!.score))!.right_but_abstained += 1;
    }
  }
  for (const band of bands.values()) band.precision = band.accepted === 0 ? null : band.correct / band.accepted;
  return { cases: cases.length, positives, predicted, correct, wrong, missed: positives - correct, precision, recall, f1, bands: [...bands.values()], probability_bands: probabilityBands(evaluated), by_method, name_only: nameOnlyBound(evaluated), evaluated };
}

const pct = (value: number | null) => (value === null ? '-' : `${(100 * value).toFixed(1)}%`);

/** The evaluation for a terminal: headline figures, calibration by band, methods, worst misses and wrong matches. */
export function formatEvaluation(evaluation: MatchEvaluation, options: { worst?: number } = {}): string {
  const worst = options.worst ?? 15;
  const lines = [
    `cases ${evaluation.cases}, positives ${evaluation.positives}, predicted ${evaluation.predicted}, correct ${evaluation.correct}, wrong ${evaluation.wrong}, missed ${evaluation.missed}`,
    `precision ${pct(evaluation.precision)}  recall ${pct(evaluation.recall)}  F1 ${pct(evaluation.f1)}`,
    '',
    'confidence band   accepted  correct  precision  right org best but not accepted',
    ...evaluation.bands.map((b) => `${b.band.padEnd(16)}  ${String(b.accepted).padStart(8)}  ${String(b.correct).padStart(7)}  ${pct(b.precision).padStart(9)}  ${String(b.right_but_abstained).padStart(6)}`),
    '',
    'match probability (most probable candidate)   cases  right  observed',
    ...evaluation.probability_bands.map((b) => `${b.band.padEnd(44)}  ${String(b.cases).padStart(5)}  ${String(b.right).padStart(5)}  ${pct(b.observed).padStart(8)}`),
    '',
    'method            predicted  correct',
    ...Object.entries(evaluation.by_method).map(([m, v]) => `${m.padEnd(16)}  ${String(v.predicted).padStart(9)}  ${String(v.correct).padStart(7)}`),
    '',
    ...formatNameOnlyBound(evaluation),
  ];
  const byWeight = (a: EvaluatedCase, b: EvaluatedCase) => b.truth.weight - a.truth.weight;
  const wrong = evaluation.evaluated.filter((e) => e.outcome === 'wrong').sort(byWeight).slice(0, worst);
  const missed = evaluation.evaluated.filter((e) => e.outcome === 'missed').sort(byWeight).slice(0, worst);
  if (wrong.length > 0) {
    lines.push('', `wrong matches (first ${wrong.length} by weight):`);
    for (const e of wrong) lines.push(`  ${e.truth.name} → ${e.match.matched_name} (${e.match.method} ${e.match.confidence.toFixed(2)}; expected ${e.truth.expected_org_id})`);
  }
  if (missed.length > 0) {
    lines.push('', `worst misses (first ${missed.length} by weight):`);
    for (const e of missed) {
      const best = e.match.candidates[0];
      const where = e.right_candidate_rank === null ? 'right org not among the candidates' : `right org was candidate ${e.right_candidate_rank + 1}`;
      lines.push(`  ${e.truth.name}: ${e.match.method}; best ${best ? `${best.name} ${best.score.toFixed(2)}` : 'none'}; ${where}`);
    }
  }
  return lines.join('\n');
}

/** The name-only bound for a terminal: what no rule on the name can get past on these cases. */
function formatNameOnlyBound({ name_only: bound, positives }: MatchEvaluation): string[] {
  if (positives === 0) return [];
  const held = bound.held_by_another;
  return [
    `name alone: ${held} of ${positives} positives carry a name that only other organisations hold exactly (a name-only matcher gets them wrong or abstains: recall ≤ ${pct((positives - held) / positives)} without a postcode, identifier or the anchor's area)`,
    `taking every name exactly one organisation holds would be right ${bound.unique_exact_right} of ${bound.unique_exact} times (${pct(bound.unique_exact === 0 ? null : bound.unique_exact_right / bound.unique_exact)})`,
  ];
}

/** One accept threshold of a sweep and what the matcher does at it. */
export interface ThresholdPoint {
  threshold: number;
  predicted: number;
  correct: number;
  wrong: number;
  precision: number;
  recall: number;
}

/** The thresholds a sweep tries by default: 0.85 to 0.99 by 0.01. */
export const SWEEP_THRESHOLDS: readonly number[] = Array.from({ length: 15 }, (_, i) => Math.round((0.85 + i / 100) * 100) / 100);

/**
 * Precision and recall at each accept threshold (the matcher re-run at each, so the margin and
 * exact-name rules act as they would). The evidence for choosing a threshold from a precision target.
 */
export async function sweepThresholds(
  matcherAt: (threshold: number) => SupplierMatcher,
  cases: readonly TruthCase[],
  thresholds: readonly number[] = SWEEP_THRESHOLDS,
): Promise<ThresholdPoint[]> {
  const points: ThresholdPoint[] = [];
  for (const threshold of thresholds) {
    const { predicted, correct, wrong, precision, recall } = await evaluateMatcher(matcherAt(threshold), cases);
    points.push({ threshold, predicted, correct, wrong, precision, recall });
  }
  return points;
}

/**
 * The lowest threshold that holds the target precision: precision at it and at every higher
 * threshold of the sweep is at least the target (so a threshold that reaches the target by
 * luck between two that miss it is not chosen). A threshold at which nothing is accepted says
 * nothing and is passed over. Null when no threshold holds it.
 */
export function thresholdForPrecision(points: readonly ThresholdPoint[], target: number): ThresholdPoint | null {
  const ordered = [...points].sort((a, b) => b.threshold - a.threshold);
  let chosen: ThresholdPoint | null = null;
  for (const point of ordered) {
    if (point.predicted === 0) continue;
    if (point.precision < target) break;
    chosen = point;
  }
  return chosen;
}

/** The sweep for a terminal, with the threshold a precision target gives. */
export function formatSweep(points: readonly ThresholdPoint[], target: number): string {
  const chosen = thresholdForPrecision(points, target);
  return [
    'threshold  predicted  correct  wrong  precision  recall',
    ...points.map((p) => `${p.threshold.toFixed(2).padStart(9)}  ${String(p.predicted).padStart(9)}  ${String(p.correct).padStart(7)}  ${String(p.wrong).padStart(5)}  ${pct(p.precision).padStart(9)}  ${pct(p.recall).padStart(6)}${p === chosen ? '  ← chosen' : ''}`),
    chosen
      ? `precision target ${pct(target)}: threshold ${chosen.threshold.toFixed(2)} holds it (precision ${pct(chosen.precision)}, recall ${pct(chosen.recall)} on these cases)`
      : `precision target ${pct(target)}: no threshold of the sweep holds it on these cases`,
  ].join('\n');
}
