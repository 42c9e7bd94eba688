import type { LoadedConfig } from '@cwb/config';
import type { Warehouse } from '@cwb/warehouse';
import { withDatabase } from '@cwb/warehouse';
import { localSpendReport } from './commands/indicator-report';
import type { LocalRunResult } from './local-run';
import { formatTable } from './output/table';

/** Spend whose supplier location is known, and all spend, over every anchor and year of the snapshot. */
async function locatedSpend(warehouse: Warehouse): Promise<{ total: number; located: number }> {
  const { rows: [row] } = await warehouse.json(`
    select coalesce(sum(spend_gbp), 0)::double as total,
           coalesce(sum(spend_gbp) filter (where location_band <> 'unknown_location'), 0)::double as located
    from metrics.local_spend_by_financial_year`);
  return { total: Number(row?.total ?? 0), located: Number(row?.located ?? 0) };
}

/**
 * Why no supplier could be placed, and the command that fixes each cause. A location comes from a
 * supplier postcode in the file found in the reference, or from a register match's registered office.
 */
export function unknownLocationCauses(loaded: LoadedConfig, result: LocalRunResult): string[] {
  const configFlag = `--config ${loaded.configPath}`;
  const causes: string[] = [];
  if (result.referencePath === null) {
    causes.push(
      `no postcode reference is built: add ONSPD/NSPL files under reference.postcodes in ${loaded.configPath} (cwb init writes the bundled ones), or run \`cwb reference load postcodes <ONSPD csv…> ${configFlag}\``,
    );
  }
  const matching = result.enrich.map((e) => e.matching);
  if (matching.every((m) => m === null)) {
    causes.push(`no registers are loaded, so no supplier is matched to a registered office: \`cwb reference load companies <BasicCompanyData csv> ${configFlag}\``);
  } else if (matching.every((m) => (m?.matched ?? 0) === 0)) {
    causes.push('no supplier name matched a register entry (see `cwb lookup supplier "<name>"` for why)');
  }
  if (result.referencePath !== null) {
    causes.push('no supplier postcode in the files was found in the reference: the reference may not cover the postcode areas the suppliers are in (load the whole ONSPD)');
  }
  return causes;
}

/** The next step for a refused file, from its reason. */
export function nextStepForRefusal(reason: string, file: string | null): string {
  const at = file ?? '<file>';
  if (/not payments|supplier totals|contracts register|budget/i.test(reason)) return `not a payments file: leave it out of the source's path glob`;
  if (/ambiguous|pin/i.test(reason)) return `pin the roles: \`cwb inspect ${at} --write-mapping ${at}.mapping.yaml\`, edit it, and set mapping: to that file in the source`;
  if (/date order|dd\/mm or mm\/dd/i.test(reason)) return 'set date_order: dmy (or mdy) in the source\'s options';
  if (/encoding/i.test(reason)) return 'set encoding: (e.g. windows-1252) in the source\'s options';
  return `see what cwb reads in it: \`cwb inspect ${at}\`; pin a layout with --write-mapping, or leave the file out`;
}

export interface RunReportOptions {
  /** Treat an all-unknown location share as an error (exit code 1). */
  strict?: boolean;
  /** Lines of commands to try next, printed after the paths. */
  tryNext?: string[];
}

/**
 * What `cwb run` and `cwb demo` print after a run: the location warning first when nothing was
 * located, then the local-spend table, each file refused or failed with its next step, and where
 * the warehouse and snapshot are. Returns the exit code: 0 when every file loaded or was refused
 * with a reason (and, with `strict`, something was located), 1 otherwise.
 */
export async function printRunReport(loaded: LoadedConfig, result: LocalRunResult, options: RunReportOptions = {}): Promise<number> {
  const out = (line = '') => process.stdout.write(`${line}\n`);
  const { report, spend } = await withDatabase(result.snapshot_path, { mode: 'read_only' }, async (warehouse) => ({
    report: await localSpendReport(warehouse),
    spend: await locatedSpend(warehouse),
  }));
  let exitCode = 0;
  const allUnknown = spend.total > 0 && spend.located === 0;
  if (allUnknown) {
    out('WARNING: no supplier could be located, so every local-spend share below is "unknown location". Causes:');
    for (const cause of unknownLocationCauses(loaded, result)) out(`  - ${cause}`);
    if (options.strict) exitCode = 1;
    out();
  }
  out('Local spend by anchor and UK financial year (share of net spend, by where the supplier is located):');
  out(formatTable(report.columns, report.rows));
  out();
  const refused = result.failures.filter((f) => f.refused);
  const failed = result.failures.filter((f) => !f.refused);
  out(
    `files: ${result.files_loaded} loaded, ${refused.length} refused with a reason, ${failed.length} failed; ` +
      `supplier location known for ${spend.total > 0 ? ((100 * spend.located) / spend.total).toFixed(1) : '0.0'}% of spend`,
  );
  for (const f of refused) out(`  refused ${f.source_file ?? f.job}: ${f.reason}\n    next: ${nextStepForRefusal(f.reason, f.source_file)}`);
  for (const f of failed) out(`  FAILED ${f.source_file ?? f.job} at ${f.stage ?? 'an unknown stage'}: ${f.reason}\n    next: fix the cause and run again (set LOG_LEVEL=info for the stage logs)`);
  if (failed.length > 0) exitCode = 1;
  out(`warehouse: ${loaded.paths.warehousePath}`);
  out(`published snapshot (open it in a BI tool or the duckdb CLI): ${result.snapshot_path}`);
  for (const line of options.tryNext ?? []) out(line);
  return exitCode;
}
