import { z } from 'zod';
import { headerAliasesSchema, kindMappingFunctions, requireMappedFields, type MappingFit } from '@cwb/connector-sdk';

/** Fields of a register of organisations a mapping can fill from the file's columns. */
export const ORG_REGISTER_FIELDS = [
  'register_id',
  'registered_number',
  'registrar',
  'name',
  'legal_form',
  'ownership_classification',
  'sector',
  'sic_code',
  'postcode',
  'status',
  'incorporated_on',
  'dissolved_on',
] as const;
export type OrgRegisterField = (typeof ORG_REGISTER_FIELDS)[number];

const words = z.array(z.string().min(1)).default([]);

/**
 * A declarative layout of a register of organisations: which header fills each field, which
 * register it is (the key the ownership-forms rules use), how a registrar and number become an
 * org-id, and which status words mean live. Loaded from YAML (`mappings/*.yaml`); another
 * register's layout is a new file, not code.
 */
export const orgRegisterMappingSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'mapping names are kebab-case, e.g. coops-uk-organisations'),
    description: z.string().min(1),
    based_on: z.string().min(1),
    /** The register the layout is of: the ownership-forms rules' `register` (coops_uk, companies_house …). */
    register: z.string().regex(/^[a-z0-9][a-z0-9_]*$/),
    columns: z.partialRecord(z.enum(ORG_REGISTER_FIELDS), headerAliasesSchema),
    required: z.array(z.enum(ORG_REGISTER_FIELDS)).default(['register_id', 'name']),
    signature: z.array(z.string().min(1)).default([]),
    ignore: z.array(z.string().min(1)).default([]),
    values: z
      .object({
        /** org-id scheme per registrar words (GB-COH: [Companies House]); a registrar not listed gives no org-id. */
        org_id_schemes: z.record(z.string().regex(/^[A-Z]{2}-[A-Z]{2,4}$/), words).default({}),
        /** Status words meaning live and not live; a status in neither list is a bad record naming it. */
        live: words,
        not_live: words,
        blank: z.array(z.string()).default(['N/A', 'n/a', '-']),
      })
      .strict()
      .prefault({}),
    parse: z
      .object({
        date_order: z.enum(['dmy', 'mdy', 'auto']).default('auto'),
        /** The registrar of every row, when the register has no registrar column (a Companies House file). */
        registrar: z.string().min(1).nullable().default(null),
        /** The register's identifier is the registrar's number (a Companies House file: CompanyNumber is both; a column maps once). */
        register_id_is_number: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .superRefine((mapping, ctx) => {
    requireMappedFields(mapping, ctx);
    if (mapping.columns.status && mapping.values.live.length === 0) ctx.addIssue({ code: 'custom', path: ['values', 'live'], message: 'a status column needs the words that mean live' });
  });
export type OrgRegisterMapping = z.output<typeof orgRegisterMappingSchema>;

const functions = kindMappingFunctions<OrgRegisterMapping, OrgRegisterField>(orgRegisterMappingSchema, 'organisation register mapping');
export const parseOrgRegisterMapping = functions.parse;
export const loadOrgRegisterMappingFolder = functions.loadFolder;
export type OrgRegisterMappingFit = MappingFit<OrgRegisterMapping, OrgRegisterField>;
export const fitOrgRegisterMapping = functions.fit;
