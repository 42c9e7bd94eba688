import type { SpendRow } from './baseline';
import type { LedgerTruth } from './generate/ledgers';

const key = (r: { anchor_id: string; financial_year: string; location_band: string }) => `${r.anchor_id}|${r.financial_year}|${r.location_band}`;

/** The generator's truth as spend rows (bands with at least one payment). */
export function truthSpend(truths: Iterable<LedgerTruth>): SpendRow[] {
  const out: SpendRow[] = [];
  for (const t of truths) {
    for (const [fy, bands] of Object.entries(t.spend)) {
      for (const [band, v] of Object.entries(bands)) {
        if (v.payments > 0) out.push({ anchor_id: t.anchor_id, financial_year: fy, location_band: band, pence: v.pence, payments: v.payments });
      }
    }
  }
  return out;
}

/** share_of_spend as the metric view computes it: band / anchor-year total, rounded to 6 places. */
export function shares(rows: readonly SpendRow[]): Map<string, number> {
  const totals = new Map<string, number>();
  for (const r of rows) totals.set(`${r.anchor_id}|${r.financial_year}`, (totals.get(`${r.anchor_id}|${r.financial_year}`) ?? 0) + r.pence);
  const out = new Map<string, number>();
  for (const r of rows) {
    const total = totals.get(`${r.anchor_id}|${r.financial_year}`) ?? 0;
    if (total !== 0) out.set(key(r), Math.round((r.pence / total) * 1e6) / 1e6);
  }
  return out;
}

export interface SpendComparison {
  equal: boolean;
  compared: number;
  mismatches: string[];
  /** Largest difference in share_of_spend over all anchor × year × band cells. */
  maxShareDifference: number;
}

/** Exact pence and payment counts per anchor × financial year × band, and shares to 1e-6. */
export function compareSpend(a: readonly (SpendRow & { share_of_spend?: number | null })[], b: readonly SpendRow[]): SpendComparison {
  const left = new Map(a.filter((r) => r.payments > 0).map((r) => [key(r), r]));
  const right = new Map(b.filter((r) => r.payments > 0).map((r) => [key(r), r]));
  const mismatches: string[] = [];
  for (const k of new Set([...left.keys(), ...right.keys()])) {
    const l = left.get(k);
    const r = right.get(k);
    if (!l || !r || l.pence !== r.pence || l.payments !== r.payments) {
      mismatches.push(`${k}: ${l ? `${l.pence}p/${l.payments}` : 'missing'} vs ${r ? `${r.pence}p/${r.payments}` : 'missing'}`);
    }
  }
  const ls = new Map([...a.filter((r) => r.payments > 0)].map((r) => [key(r), r.share_of_spend ?? null]));
  const computedLeft = shares(a.filter((r) => r.payments > 0));
  const computedRight = shares(b.filter((r) => r.payments > 0));
  let maxShareDifference = 0;
  for (const [k, share] of computedRight) {
    const reported = ls.get(k);
    const other = reported ?? computedLeft.get(k);
    if (other === undefined || other === null) continue;
    maxShareDifference = Math.max(maxShareDifference, Math.abs(other - share));
  }
  if (maxShareDifference > 1e-6) mismatches.push(`share_of_spend differs by up to ${maxShareDifference}`);
  return { equal: mismatches.length === 0, compared: Math.max(left.size, right.size), mismatches: mismatches.slice(0, 20), maxShareDifference };
}

/** Overall local-spend share across every anchor: home-area spend / all spend. */
export function overallShare(rows: readonly SpendRow[]): { home_area: number; outside_home_area: number; unknown_location: number } {
  const sum = (band: string) => rows.filter((r) => r.location_band === band).reduce((n, r) => n + r.pence, 0);
  const total = rows.reduce((n, r) => n + r.pence, 0);
  return {
    home_area: sum('home_area') / total,
    outside_home_area: sum('outside_home_area') / total,
    unknown_location: sum('unknown_location') / total,
  };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
