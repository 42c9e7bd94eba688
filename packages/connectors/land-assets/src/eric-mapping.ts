import { z } from 'zod';
import { headerAliasesSchema, kindMappingFunctions, requireMappedFields, type MappingFit } from '@cwb/connector-sdk';

/** Fields of an NHS estates (ERIC) trust-level file a mapping can fill from the file's columns. */
export const ERIC_FIELDS = [
  'trust_code',
  'trust_name',
  'commissioning_region',
  'organisation_type',
  'gross_internal_floor_area',
  'occupied_floor_area',
  'land_area_owned',
  'land_area_not_delivering',
] as const;
export type EricField = (typeof ERIC_FIELDS)[number];


/**
 * A declarative layout of an ERIC trust-level file: which header fills each field, what a
 * proven commissioning region looks like (a row whose trust name was split at its comma has
 * part of the name there instead), and the unit of the land columns. Loaded from YAML
 * (`eric-mappings/*.yaml`); another year's layout is a new file, not code.
 */
export const ericMappingSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'mapping names are kebab-case, e.g. eric-trust-data'),
    description: z.string().min(1),
    based_on: z.string().min(1),
    columns: z.partialRecord(z.enum(ERIC_FIELDS), headerAliasesSchema),
    required: z.array(z.enum(ERIC_FIELDS)).default(['trust_code']),
    signature: z.array(z.string().min(1)).default([]),
    ignore: z.array(z.string().min(1)).default([]),
    values: z
      .object({
        /** A regular expression (whole value, case-insensitive) every proven commissioning region matches. */
        proven_region: z.string().min(1).default('.*COMMISSIONING REGION'),
        /** Cell values read as no figure. */
        not_applicable: z.array(z.string()).default(['Not Applicable', 'N/A', '']),
      })
      .strict()
      .prefault({}),
    parse: z
      .object({
        date_order: z.enum(['dmy', 'mdy', 'auto']).default('auto'),
        land_area_unit: z.enum(['ha', 'm2']).default('ha'),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .superRefine((mapping, ctx) => {
    requireMappedFields(mapping, ctx);
  });
export type EricMapping = z.output<typeof ericMappingSchema>;

const functions = kindMappingFunctions<EricMapping, EricField>(ericMappingSchema, 'ERIC mapping');
export const parseEricMapping = functions.parse;
export const loadEricMappingFolder = functions.loadFolder;
export type EricMappingFit = MappingFit<EricMapping, EricField>;
export const fitEricMapping = functions.fit;
