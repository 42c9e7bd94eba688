import { z } from 'zod';
import { landHoldingKindSchema, landTenureSchema, landUseStatusSchema } from '@cwb/contracts';
import { headerAliasesSchema, kindMappingFunctions, requireMappedFields, type MappingFit } from '@cwb/connector-sdk';

/** Fields of a land and assets register a mapping can fill from the file's columns. */
export const LAND_FIELDS = [
  'effective_date',
  'uprn',
  'asset_code',
  'property_name',
  'street_number',
  'address',
  'post_town',
  'postcode',
  'coordinate_system',
  'geo_x',
  'geo_y',
  'tenure',
  'use',
  'holding',
  'other_detail',
  'building_size',
  'land_area',
  'energy_rating',
  'surplus',
] as const;
export type LandField = (typeof LAND_FIELDS)[number];

const codes = z.array(z.string()).default([]);

/**
 * A declarative land-register layout: which header (headerAliasesSchema) fills each field, how the
 * register's own words for tenure, use and holding map onto canonical values, and what marks
 * an asset declared surplus. Loaded from YAML (`mappings/*.yaml`); a register in a new layout
 * needs a new file, not code.
 */
export const landMappingSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'mapping names are kebab-case, e.g. lgtc-land'),
    description: z.string().min(1),
    /** The publication the layout was written from, and what is assumed about its words. */
    based_on: z.string().min(1),
    columns: z.partialRecord(z.enum(LAND_FIELDS), headerAliasesSchema),
    required: z.array(z.enum(LAND_FIELDS)).default(['asset_code']),
    /** Headers that must also be present: they tell this layout from a similar one. */
    signature: z.array(z.string().min(1)).default([]),
    /** Known columns not loaded (they count towards the fit). */
    ignore: z.array(z.string().min(1)).default([]),
    values: z
      .object({
        tenure: z.partialRecord(landTenureSchema, codes).default({}),
        use_status: z.partialRecord(landUseStatusSchema, codes).default({}),
        holding_kind: z.partialRecord(landHoldingKindSchema, codes).default({}),
        coordinate_system: z.partialRecord(z.enum(['wgs84', 'bng']), codes).default({}),
        /** Holding types that mean "declared surplus" (Cheltenham 2023: Buildings Declared Surplus). */
        surplus_holdings: codes,
        /** Values of a surplus column read as yes. */
        true_values: z.array(z.string()).default(['y', 'yes', 'true', '1', 'x', 'surplus']),
        /** Cell values read as blank in any text column (N/A). */
        blank: z.array(z.string()).default(['N/A', 'n/a', '-']),
      })
      .strict()
      .prefault({}),
    parse: z
      .object({
        date_order: z.enum(['dmy', 'mdy', 'auto']).default('auto'),
        /** The coordinate system when the register has no column for it. */
        coordinate_system: z.enum(['wgs84', 'bng']).nullable().default(null),
        /** The address column ends in the postcode (one-string addresses): take it from there when there is no postcode column. */
        postcode_in_address: z.boolean().default(false),
        /** The unit of the land area column. */
        land_area_unit: z.enum(['ha', 'm2', 'acre']).default('ha'),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .superRefine((mapping, ctx) => {
    requireMappedFields(mapping, ctx);
    if (!mapping.columns.asset_code && !mapping.columns.uprn) {
      ctx.addIssue({ code: 'custom', path: ['columns'], message: 'a land register layout needs an asset_code or a uprn column' });
    }
  });
export type LandMapping = z.output<typeof landMappingSchema>;

const functions = kindMappingFunctions<LandMapping, LandField>(landMappingSchema, 'land register mapping');
export const parseLandMapping = functions.parse;
export const loadLandMappingFolder = functions.loadFolder;
export type LandMappingFit = MappingFit<LandMapping, LandField>;
export const fitLandMapping = functions.fit;
