import type { StagedApTransaction } from '@cwb/contracts';
import { FileRejectedError, type Connector, type DiscoveredFile, type QuarantinedLike, type ReadContext } from '../connector';
import type { LayoutFacts } from '../inference/layout-facts';
import { SummaryAccumulator, type IngestSummary } from './ingest-summary';

/** What `cwb inspect <file>` shows. */
export interface InspectReport {
  file: string;
  rejected: { reason: string; line: number | null; expected: string | null } | null;
  header: string[];
  /** When no mapping was used: each column's inferred role, with evidence and confidence. */
  layout: LayoutFacts | null;
  summary: IngestSummary | null;
  first_rows: StagedApTransaction[];
  problems: { line: number; kind: 'quarantined' | 'skipped'; reason: string; detail: string | null }[];
}

/** Reads a file through a connector, keeping the first rows and the first problems (bounded). */
export async function inspectFile<Spec>(
  connector: Connector<Spec>,
  file: DiscoveredFile,
  spec: Spec,
  options: { rows?: number; problems?: number } = {},
): Promise<InspectReport> {
  const ctx: ReadContext = { load_id: 'inspect', anchor_id: 'inspect', source_file: file.display_path };
  const report: InspectReport = { file: file.display_path, rejected: null, header: [], layout: null, summary: null, first_rows: [], problems: [] };
  const accumulator = new SummaryAccumulator();
  const rowLimit = options.rows ?? 5;
  const problemLimit = options.problems ?? 20;
  const note = (kind: 'quarantined' | 'skipped', entries: QuarantinedLike[]) => {
    for (const entry of entries) {
      if (report.problems.length >= problemLimit) return;
      report.problems.push({ line: entry.source_line, kind, reason: entry.reason, detail: entry.detail });
    }
  };
  try {
    for await (const batch of connector.read(file, spec, ctx)) {
      accumulator.add(batch);
      report.header = batch.facts.header ?? [];
      report.layout = batch.facts.layout ?? null;
      for (const row of batch.rows) if (report.first_rows.length < rowLimit) report.first_rows.push(row);
      note('quarantined', batch.quarantined);
      note('skipped', batch.skipped);
    }
  } catch (error) {
    if (!(error instanceof FileRejectedError)) throw error;
    report.rejected = { reason: error.reason, line: error.line, expected: error.expected };
    return report;
  }
  report.summary = accumulator.summary(file.display_path);
  report.problems.sort((a, b) => a.line - b.line);
  return report;
}

/** The report as text for a terminal. */
export function formatInspectReport(report: InspectReport): string {
  const lines: string[] = [`file:        ${report.file}`];
  if (report.rejected) {
    const where = report.rejected.line === null ? '' : ` (line ${report.rejected.line})`;
    lines.push(`REJECTED:    ${report.rejected.reason}${where}`);
    if (report.rejected.expected) lines.push(`expected:    ${report.rejected.expected}`);
    return lines.join('\n');
  }
  const summary = report.summary;
  if (!summary) return lines.join('\n');
  const delimiter = summary.delimiter === '\t' ? 'tab' : summary.delimiter === '' ? '(spreadsheet)' : `"${summary.delimiter}"`;
  lines.push(
    `encoding:    ${summary.encoding}`,
    `delimiter:   ${delimiter}`,
    `header line: ${summary.header_line}: ${report.header.join(' | ')}`,
    `mapping:     ${summary.mapping} (${summary.mapping_reason})`,
    ...formatLayout(report.layout),
    `dates:       ${summary.date_order}`,
    `rows:        ${summary.rows_read} read, ${summary.rows_loaded} loaded, ${summary.rows_quarantined} quarantined, ${summary.rows_skipped} skipped`,
    `amount:      £${summary.amount_total} (${summary.credits} credits, ${summary.redacted} redacted), ${summary.date_min} to ${summary.date_max}`,
  );
  for (const [note, count] of Object.entries(summary.repairs)) lines.push(`repaired:    ${count} × ${note}`);
  lines.push('', `first ${report.first_rows.length} rows as parsed:`);
  for (const row of report.first_rows) {
    const supplier = row.is_redacted ? '[redacted]' : row.supplier_name;
    const ids = [row.company_number && `co ${row.company_number}`, row.vat_number && `vat ${row.vat_number}`, row.supplier_postcode]
      .filter(Boolean)
      .join(', ');
    lines.push(`  line ${row.source_line}: ${row.payment_date}  £${(row.amount_pence / 100).toFixed(2)}  ${supplier}${ids ? `  (${ids})` : ''}`);
  }
  lines.push('', report.problems.length === 0 ? 'problems: none' : `problems (first ${report.problems.length}):`);
  for (const problem of report.problems) {
    lines.push(`  line ${problem.line}: ${problem.kind}: ${problem.reason}${problem.detail ? ` (${problem.detail})` : ''}`);
  }
  return lines.join('\n');
}

function formatLayout(layout: LayoutFacts | null): string[] {
  if (!layout) return [];
  const width = Math.max(...layout.roles.map((role) => role.role.length));
  const lines = ['roles:'];
  for (const role of layout.roles) {
    const others = role.alternatives.length > 0 ? `; over ${role.alternatives.join(', ')}` : '';
    lines.push(`  ${role.role.padEnd(width)}  ${role.confidence.toFixed(2)}  "${role.header}"  (${role.evidence}${others})`);
  }
  if (layout.unassigned.length > 0) {
    lines.push(`kept aside:  ${layout.unassigned.map((column) => `"${column.header}"`).join(', ')} (no role; not loaded)`);
  }
  return lines;
}
