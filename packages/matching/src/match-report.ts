import type { MatchMethod, SupplierMatch } from './supplier-input';

export interface ReportLine {
  name: string | null;
  spend_pence: number;
  match: Pick<SupplierMatch, 'org_id' | 'method'>;
}

export interface MethodTotals {
  method: MatchMethod;
  suppliers: number;
  spend_pence: number;
}

export interface MatchReport {
  suppliers: number;
  spend_pence: number;
  matched_suppliers: number;
  matched_spend_pence: number;
  /** Matched share by count and by spend (0–1). */
  match_rate_by_count: number;
  match_rate_by_spend: number;
  by_method: MethodTotals[];
  /** Unmatched organisations (not redacted, not individuals) ranked by spend: where overrides pay off. */
  unmatched_by_spend: { name: string; spend_pence: number; method: MatchMethod }[];
}

/**
 * Match rate by count and by spend, by method, and the unmatched suppliers ranked by spend.
 * Redacted suppliers and individuals count in the totals (they are spend) but are not listed
 * as unmatched: no override can or should name them.
 */
export function buildMatchReport(lines: readonly ReportLine[], top = 50): MatchReport {
  const byMethod = new Map<MatchMethod, MethodTotals>();
  let spend = 0;
  let matched = 0;
  let matchedSpend = 0;
  for (const line of lines) {
    spend += line.spend_pence;
    const totals = byMethod.get(line.match.method) ?? { method: line.match.method, suppliers: 0, spend_pence: 0 };
    totals.suppliers += 1;
    totals.spend_pence += line.spend_pence;
    byMethod.set(line.match.method, totals);
    if (line.match.org_id !== null) {
      matched += 1;
      matchedSpend += line.spend_pence;
    }
  }
  const unmatched = lines
    .filter((l) => l.match.org_id === null && (l.match.method === 'no_match' || l.match.method === 'ambiguous') && l.name !== null)
    .map((l) => ({ name: l.name ?? '', spend_pence: l.spend_pence, method: l.match.method }))
    .sort((a, b) => b.spend_pence - a.spend_pence || a.name.localeCompare(b.name))
    .slice(0, top);
  return {
    suppliers: lines.length,
    spend_pence: spend,
    matched_suppliers: matched,
    matched_spend_pence: matchedSpend,
    match_rate_by_count: lines.length === 0 ? 0 : matched / lines.length,
    match_rate_by_spend: spend === 0 ? 0 : matchedSpend / spend,
    by_method: [...byMethod.values()].sort((a, b) => b.spend_pence - a.spend_pence),
    unmatched_by_spend: unmatched,
  };
}

const pounds = (pence: number) => `£${(pence / 100).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const percent = (x: number) => `${(100 * x).toFixed(1)}%`;

/** The report as text for a terminal. */
export function formatMatchReport(report: MatchReport): string {
  const lines = [
    `Suppliers: ${report.suppliers}, matched ${report.matched_suppliers} (${percent(report.match_rate_by_count)} by count, ${percent(report.match_rate_by_spend)} by spend of ${pounds(report.spend_pence)})`,
    '',
    'By method:',
    ...report.by_method.map((m) => `  ${m.method.padEnd(20)} ${String(m.suppliers).padStart(7)} suppliers  ${pounds(m.spend_pence).padStart(18)}`),
  ];
  if (report.unmatched_by_spend.length > 0) {
    lines.push('', 'Unmatched, by spend (write overrides for these first):');
    for (const u of report.unmatched_by_spend) lines.push(`  ${pounds(u.spend_pence).padStart(16)}  ${u.name}${u.method === 'ambiguous' ? '  (ambiguous)' : ''}`);
  }
  return lines.join('\n');
}
