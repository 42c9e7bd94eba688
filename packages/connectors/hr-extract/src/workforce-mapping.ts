import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { contractTypeSchema, genderSchema } from '@cwb/contracts';
import { fitMapping, headerKey, type MappingFit } from '@cwb/connector-sdk';

/** Fields of an HR extract a mapping can fill from the file's columns (before the privacy step). */
export const WORKFORCE_FIELDS = [
  'employee_ref',
  'snapshot_date',
  'home_postcode',
  'fte',
  'contracted_hours',
  'hourly_rate',
  'annual_salary',
  'pay_amount',
  'pay_basis',
  'grade',
  'contract_type',
  'is_apprentice',
  'start_date',
  'leave_date',
  'gender',
] as const;
export type WorkforceField = (typeof WORKFORCE_FIELDS)[number];

const aliases = z
  .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
  .transform((value) => (typeof value === 'string' ? [value] : value));

const codes = z.array(z.string()).default([]);

/**
 * A declarative HR layout: which header (aliases) fills each field, how the extract's own
 * codes map onto canonical values, and which columns are personal data that is read and
 * never kept (names, dates of birth, NI numbers, addresses). Loaded from YAML.
 */
export const workforceMappingSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'mapping names are kebab-case, e.g. nhs-esr-staff-in-post'),
    description: z.string().min(1),
    /** The public documentation the layout was written from, and what is assumed. */
    based_on: z.string().min(1),
    columns: z.partialRecord(z.enum(WORKFORCE_FIELDS), aliases),
    required: z.array(z.enum(WORKFORCE_FIELDS)).default(['employee_ref']),
    /** Headers that must also be present: they tell this layout from a similar one. */
    signature: z.array(z.string().min(1)).default([]),
    /** Personal columns known to the layout: never read into a record, counted towards the fit. */
    personal: z.array(z.string().min(1)).default([]),
    /** Other known columns not loaded (they count towards the fit). */
    ignore: z.array(z.string().min(1)).default([]),
    values: z
      .object({
        contract_type: z.partialRecord(contractTypeSchema, codes).default({}),
        gender: z.partialRecord(genderSchema, codes).default({}),
        pay_basis: z
          .object({ hourly: codes, annual: codes })
          .strict()
          .default({ hourly: ['hourly', 'hour', 'h', 'per hour'], annual: ['annual', 'annually', 'a', 'salary', 'yearly', 'per annum'] }),
        true_values: z.array(z.string()).default(['y', 'yes', 'true', '1', 'x']),
        /** Gender codes read as "not stated" (null), not as an unknown code. */
        gender_unstated: codes,
      })
      .strict()
      .prefault({}),
    parse: z
      .object({
        date_order: z.enum(['dmy', 'mdy', 'auto']).default('auto'),
        /** The salary column is the full-time salary of the grade (NHS Agenda for Change style), not pay for the hours worked. */
        salary_is_full_time: z.boolean().default(false),
        /** The anchor's standard full-time week, for FTE ↔ hours and full-time salaries. */
        full_time_hours: z.number().positive().max(60).default(37.5),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .superRefine((mapping, ctx) => {
    for (const field of mapping.required) {
      if (!mapping.columns[field]) {
        ctx.addIssue({ code: 'custom', path: ['required'], message: `required field "${field}" has no column aliases` });
      }
    }
    if (!mapping.columns.employee_ref) {
      ctx.addIssue({ code: 'custom', path: ['columns', 'employee_ref'], message: 'every HR layout needs an employee reference column' });
    }
    const personal = new Set(mapping.personal.map(headerKey));
    for (const [field, names] of Object.entries(mapping.columns) as [string, string[]][]) {
      for (const name of names) {
        if (personal.has(headerKey(name)) && field !== 'employee_ref' && field !== 'home_postcode') {
          ctx.addIssue({ code: 'custom', path: ['columns', field], message: `"${name}" is listed as personal and cannot be loaded` });
        }
      }
    }
  });
export type WorkforceMapping = z.output<typeof workforceMappingSchema>;

/** A mapping file that is not valid YAML or does not match the schema. */
export class WorkforceMappingFileError extends Error {}

export function parseWorkforceMapping(text: string, file: string): WorkforceMapping {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new WorkforceMappingFileError(`${file}: not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  const parsed = workforceMappingSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(top level)'}: ${issue.message}`);
    throw new WorkforceMappingFileError(`${file}: invalid HR mapping\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
  return parsed.data;
}

export async function loadWorkforceMappingFolder(dir: string): Promise<WorkforceMapping[]> {
  const files = (await readdir(dir)).filter((name) => /\.ya?ml$/.test(name)).sort();
  const mappings: WorkforceMapping[] = [];
  for (const name of files) mappings.push(parseWorkforceMapping(await readFile(join(dir, name), 'utf8'), join(dir, name)));
  return mappings;
}

/** A workforce mapping applied to one file's header (the SDK's fitting, with HR fields). */
export type WorkforceMappingFit = MappingFit<WorkforceMapping, WorkforceField>;

/** Personal columns (names, dates of birth) are recognised, so they count towards the fit, but never mapped. */
export function fitWorkforceMapping(mapping: WorkforceMapping, header: readonly string[]): WorkforceMappingFit {
  return fitMapping<WorkforceMapping, WorkforceField>(mapping, header, mapping.personal);
}
