import type { Command } from 'commander';
import { z } from 'zod';
import { withRegisters } from '@cwb/companies-house';
import { DEFAULT_THRESHOLD, SupplierMatcher, formatMatchReport, loadOverridesFile, matchCsvFile } from '@cwb/matching';
import { withRegistersOption } from './registers-load';

const optionsSchema = z.object({
  out: z.string().min(1, '--out <csv> is required'),
  registers: z.string().min(1),
  overrides: z.string().min(1).optional(),
  threshold: z.coerce.number().min(0.5, '--threshold must be between 0.5 and 1').max(1, '--threshold must be between 0.5 and 1').default(DEFAULT_THRESHOLD),
  report: z.boolean().optional(),
});

/** `cwb match <csv> --out <csv>`: match a list of suppliers to organisation registers. */
export function register(program: Command): void {
  withRegistersOption(
    program
      .command('match')
      .description('match suppliers in a CSV (a "name" column; optional postcode, company_number, vat_number, charity_number, supplier_id, spend) to the registers')
      .argument('<csv>', 'input CSV')
      .requiredOption('--out <csv>', 'output CSV: every input row and column, plus org_id, matched_name, method, confidence')
      .option('--overrides <yaml>', 'overrides file (always wins)')
      .option('--threshold <n>', `accept name matches at or above this confidence (default ${DEFAULT_THRESHOLD})`)
      .option('--report', 'print the match report: rates by count and spend, by method, unmatched by spend'),
  ).action(async (input: string, raw: unknown) => {
    const parsed = optionsSchema.safeParse(raw);
    if (!parsed.success) throw new Error(parsed.error.issues.map((i) => i.message).join('; '));
    const options = parsed.data;
    const overrides = options.overrides ? await loadOverridesFile(options.overrides) : [];
    await withRegisters(options.registers, { mode: 'read_only' }, async ({ conn }) => {
      const result = await matchCsvFile(new SupplierMatcher(conn, { overrides, threshold: options.threshold }), input, options.out);
      process.stdout.write(`${result.rows} rows, ${result.suppliers} distinct suppliers → ${options.out}\n`);
      if (options.report) process.stdout.write(`\n${formatMatchReport(result.report)}\n`);
      else process.stdout.write(`matched ${result.report.matched_suppliers} of ${result.suppliers} (${(100 * result.report.match_rate_by_count).toFixed(1)}%)\n`);
    });
  });
}
