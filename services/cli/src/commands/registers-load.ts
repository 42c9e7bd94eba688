import type { Command } from 'commander';
import { z } from 'zod';
import {
  OTHER_NAMES_MAPPINGS,
  REGISTER_MAPPINGS,
  loadBasicCompanyData,
  loadOtherNames,
  loadOrganisationRegister,
  loadPscSnapshot,
  resolveOwnership,
  withRegisters,
  type OtherNamesMappingName,
  type RegisterMappingName,
} from '@cwb/companies-house';
import { buildNameIndex } from '@cwb/matching';
import { withQueryProgress } from '@cwb/reference';
import { withDataPathOption } from './common-options';
import { inputMegabytes, queryProgressBar } from './progress-printer';

export const REGISTER_KINDS = ['companies', 'psc', 'register', 'other-names'] as const;
export type RegisterKind = (typeof REGISTER_KINDS)[number];

/** --registers, shared by `reference load companies|psc|register`, `match` and `lookup supplier` (default: the config's). */
export function withRegistersOption(command: Command): Command {
  return withDataPathOption(command, '--registers <file>', 'registers', 'registersPath', 'the registers DuckDB database (Companies House, PSC, other registers)');
}

const loadOptionsSchema = z.object({
  registers: z.string().min(1),
  mapping: z.enum(Object.keys(REGISTER_MAPPINGS) as [RegisterMappingName, ...RegisterMappingName[]], {
    error: `--mapping must be one of ${Object.keys(REGISTER_MAPPINGS).join(', ')}`,
  }).default('generic'),
});
const otherNamesOptionsSchema = loadOptionsSchema.extend({
  mapping: z.enum(Object.keys(OTHER_NAMES_MAPPINGS) as [OtherNamesMappingName, ...OtherNamesMappingName[]], {
    error: `--mapping must be one of ${Object.keys(OTHER_NAMES_MAPPINGS).join(', ')} for other-names`,
  }).default('generic'),
});

/**
 * `cwb reference load companies|psc|register|other-names <file…>`: bulk loads into the registers database,
 * then rebuilds what depends on them (the matching index, the ownership chains).
 */
export async function loadRegisterFiles(kind: RegisterKind, files: string[], rawOptions: unknown): Promise<void> {
  const parsed = (kind === 'other-names' ? otherNamesOptionsSchema : loadOptionsSchema).safeParse(rawOptions);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => i.message).join('; '));
  const options = parsed.data;
  const started = Date.now();
  await withRegisters(options.registers, { mode: 'read_write' }, async ({ conn }) => {
    const lines: string[] = [];
    // Each bulk step as a bar (rate and ETA on a terminal, plain lines elsewhere).
    const step = async <T>(label: string, inputs: readonly string[] | null, work: () => Promise<T>): Promise<T> => {
      const bar = queryProgressBar(`  ${label}`, inputs ? inputMegabytes(inputs) : null);
      try {
        return await withQueryProgress(conn, bar.report, work);
      } finally {
        bar.stop();
      }
    };
    if (kind === 'companies') lines.push(`companies: ${await step('companies', files, () => loadBasicCompanyData(conn, files))} loaded`);
    else if (kind === 'psc') lines.push(`PSC lines: ${await step('PSC', files, () => loadPscSnapshot(conn, files))} loaded`);
    else if (kind === 'other-names') {
      const mapping = OTHER_NAMES_MAPPINGS[options.mapping as OtherNamesMappingName];
      for (const file of files) {
        const loaded = await step(`other names ${file}`, [file], () => loadOtherNames(conn, file, mapping));
        lines.push(`${file}: ${loaded.names} other names (${mapping.name}); ${loaded.unknown_organisations} row(s) name organisations not in the registers (load their register first), ${loaded.already_known} repeat a known name`);
      }
    } else {
      for (const file of files) {
        const count = await step(`register ${file}`, [file], () => loadOrganisationRegister(conn, file, REGISTER_MAPPINGS[options.mapping as RegisterMappingName]));
        lines.push(`${file}: ${count} organisations (${options.mapping})`);
      }
    }
    if (kind !== 'psc') lines.push(`matching index: ${await step('matching index', null, () => buildNameIndex(conn))} organisations`);
    if (kind === 'companies' || kind === 'psc') lines.push(`ownership chains: ${await step('ownership chains', null, () => resolveOwnership(conn))} companies with a corporate controller`);
    process.stdout.write(`${lines.join('\n')}\n${options.registers} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
  });
}
