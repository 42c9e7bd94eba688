import type { Command } from 'commander';
import { normalisePostcode, type PostcodeDescription } from '@cwb/reference';
import { withRegisters } from '@cwb/companies-house';
import { SupplierMatcher, type SupplierMatch } from '@cwb/matching';
import { openCurrentReference, withReferenceDir } from './reference';
import { withRegistersOption } from './registers-load';

/**
 * `cwb lookup <subcommand>`: explain how one thing is located or matched: `postcode` and
 * `supplier` (the match against the registers, with the runners-up and their scores).
 */
export function register(program: Command): void {
  const lookup = program.command('lookup').description('look things up in the reference data');

  withReferenceDir(
    lookup
      .command('postcode')
      .description('where a postcode is: local authority, region, country, LSOA, deprivation decile and nation, live or terminated')
      .argument('<postcode>', 'any spacing or case, e.g. "sr4 7tp" or SR47TP')
      .option('--json', 'print JSON'),
  ).action(async (input: string, options: { referenceDir: string; json?: boolean }) => {
    const postcode = normalisePostcode(input);
    if (postcode === null) throw new Error(`"${input}" is not a UK postcode (expected e.g. SR4 7TP)`);
    const reader = await openCurrentReference(options.referenceDir);
    try {
      const found = (await reader.describe([postcode])).get(postcode);
      const vintage = await reader.vintage();
      if (!found) {
        if (options.json) process.stdout.write(`${JSON.stringify({ postcode, status: 'not_in_reference', vintage })}\n`);
        else process.stdout.write(`${postcode}: postcode not in reference (vintage ${vintage})\n`);
        process.exitCode = 1;
        return;
      }
      process.stdout.write(options.json ? `${JSON.stringify(found)}\n` : formatDescription(found));
    } finally {
      reader.close();
    }
  });

  registerSupplier(lookup);
}

function registerSupplier(lookup: Command): void {
  withRegistersOption(
    lookup
      .command('supplier')
      .description('match one supplier name to the registers and show the runners-up with their scores')
      .argument('<name>', 'the supplier name as the ledger has it, e.g. "Hall Plant Hire Ltd"')
      .option('--postcode <postcode>', 'the supplier postcode, when the ledger has one')
      .option('--company-number <number>', 'a company number, when the ledger has one')
      .option('--json', 'print JSON'),
  ).action(async (name: string, options: { registers: string; postcode?: string; companyNumber?: string; json?: boolean }) => {
    await withRegisters(options.registers, { mode: 'read_only' }, async ({ conn }) => {
      const [match] = await new SupplierMatcher(conn, { runnersUp: 5 }).matchBatch([{ name, postcode: options.postcode ?? null, company_number: options.companyNumber ?? null }]);
      if (!match) return;
      process.stdout.write(options.json ? `${JSON.stringify(match)}\n` : formatMatch(name, match));
      if (match.org_id === null) process.exitCode = 1;
    });
  });
}

function formatMatch(name: string, m: SupplierMatch): string {
  const head = m.org_id === null
    ? `${name}: no match (${m.method}): ${m.reason}`
    : `${name} → ${m.org_id} ${m.matched_name ?? ''}\n  method ${m.method}, confidence ${m.confidence.toFixed(2)}: ${m.reason}`;
  const candidates = m.candidates.map((c, i) => `  ${String(i + 1).padStart(2)}. ${c.score.toFixed(3)}  ${c.org_id.padEnd(16)} ${c.name}${c.postcode ? `  (${c.postcode})` : ''}${c.is_active === false ? '  [not active]' : ''}`);
  return `${head}\n${candidates.length > 0 ? `candidates:\n${candidates.join('\n')}\n` : ''}`;
}

function formatDescription(d: PostcodeDescription): string {
  const name = (code: string | null, label: string | null, welsh: string | null = null) =>
    code === null ? '—' : `${code}${label ? ` ${label}` : ''}${welsh && welsh !== label ? ` (${welsh})` : ''}`;
  const rows: [string, string][] = [
    ['postcode', d.postcode],
    ['status', d.status === 'located' ? 'located' : 'no area (pseudo-code or no grid reference)'],
    ['local authority', name(d.lad_code, d.lad_name, d.lad_name_welsh)],
    ['region', name(d.region_code, d.region_name)],
    ['country', name(d.country_code, d.country_name)],
    ['LSOA', d.lsoa_code ?? '—'],
    ['deprivation', d.imd_decile === null ? '—' : `decile ${d.imd_decile} of 10 (1 = most deprived) in ${nationName(d.imd_nation)}, ${d.imd_index} rank ${d.imd_rank}`],
    ['live', d.is_terminated ? `terminated ${d.terminated_on}` : 'live'],
    ['reference', d.vintage],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return `${rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n')}\n`;
}

function nationName(nation: string | null): string {
  return nation === 'E' ? 'England' : nation === 'W' ? 'Wales' : nation === 'S' ? 'Scotland' : nation === 'N' ? 'Northern Ireland' : 'unknown';
}
