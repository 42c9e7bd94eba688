import { z } from 'zod';
import type { CsvHeader } from './csv-header';
import { ReferenceInputError } from './reference-input-error';

/**
 * Which column of an ONSPD/NSPL file (any vintage) plays which role. ONS renames columns
 * between products and vintages (`pcd7` vs `pcd`, `oslaua` vs `laua` vs `lad23cd`, `lsoa11`
 * vs `lsoa21cd`), so roles are found by pattern, case-insensitively, on the whole name.
 */
export const POSTCODE_COLUMN_PATTERNS = {
  /** Tried in order: the single-space form first, then the 7- and 8-character forms. */
  postcode: [/^pcds$/i, /^pcd7$/i, /^pcd$/i, /^pcd8$/i, /^pcd2$/i, /^postcode$/i],
  lad: [/^oslaua$/i, /^laua$/i, /^lad\d{2}cd$/i],
  region: [/^rgn$/i, /^rgn\d{2}cd$/i],
  country: [/^ctry$/i, /^ctry\d{2}cd$/i],
  lsoa11: [/^lsoa11$/i, /^lsoa11cd$/i],
  lsoa21: [/^lsoa21$/i, /^lsoa21cd$/i],
  imd: [/^imd$/i],
  introduced: [/^dointr$/i],
  terminated: [/^doterm$/i],
  gridIndicator: [/^osgrdind$/i],
  lat: [/^lat$/i],
  long: [/^long$/i],
} as const satisfies Record<string, readonly RegExp[]>;

export type PostcodeColumnRole = keyof typeof POSTCODE_COLUMN_PATTERNS;

const REQUIRED_ROLES = ['postcode', 'lad', 'country', 'terminated'] as const satisfies readonly PostcodeColumnRole[];

/** The outcome of column detection for one file, validated before any SQL is built from it. */
export const postcodeColumnsSchema = z
  .object({
    product: z.enum(['onspd', 'nspl', 'unknown']),
    postcode: z.string(),
    lad: z.string(),
    region: z.string().nullable(),
    country: z.string(),
    lsoa11: z.string().nullable(),
    lsoa21: z.string().nullable(),
    imd: z.string().nullable(),
    introduced: z.string().nullable(),
    terminated: z.string(),
    gridIndicator: z.string().nullable(),
    lat: z.string().nullable(),
    long: z.string().nullable(),
  })
  .strict()
  .refine((c) => c.lsoa11 !== null || c.lsoa21 !== null, { message: 'no LSOA column (lsoa11/lsoa11cd/lsoa21/lsoa21cd)' });
export type PostcodeColumns = z.infer<typeof postcodeColumnsSchema>;

/**
 * Find the role columns in a postcode file's header. Throws a ReferenceInputError naming the
 * file and the missing or ambiguous role (with the patterns tried) when the header does not fit.
 */
export function detectPostcodeColumns(header: CsvHeader): PostcodeColumns {
  const found: Record<string, string | null> = {};
  for (const [role, patterns] of Object.entries(POSTCODE_COLUMN_PATTERNS) as [PostcodeColumnRole, readonly RegExp[]][]) {
    if (role === 'postcode') {
      found[role] = patterns.map((p) => header.columns.find((c) => p.test(c))).find((c) => c !== undefined) ?? null;
      continue;
    }
    const matches = header.columns.filter((c) => patterns.some((p) => p.test(c)));
    if (matches.length > 1) {
      throw new ReferenceInputError(`columns ${matches.map((m) => `"${m}"`).join(' and ')} all look like the ${role} column`, {
        file: header.file,
        line: 1,
        hint: `keep one of them (patterns tried: ${patterns.map(String).join(', ')})`,
      });
    }
    found[role] = matches[0] ?? null;
  }
  for (const role of REQUIRED_ROLES) {
    if (found[role] === null) {
      throw new ReferenceInputError(`no ${role} column found in a postcode file`, {
        file: header.file,
        line: 1,
        hint: `expected an ONSPD/NSPL header with a column matching ${POSTCODE_COLUMN_PATTERNS[role].map(String).join(' or ')}; header starts ${header.columns.slice(0, 8).join(',')}`,
      });
    }
  }
  const lower = header.columns.map((c) => c.toLowerCase());
  const product = lower.includes('pcd7') || lower.includes('oslaua') ? 'onspd' : lower.includes('pcd') && lower.includes('laua') ? 'nspl' : 'unknown';
  const parsed = postcodeColumnsSchema.safeParse({ product, ...found });
  if (!parsed.success) {
    throw new ReferenceInputError(`postcode columns incomplete: ${parsed.error.issues.map((i) => i.message).join('; ')}`, {
      file: header.file,
      line: 1,
      hint: 'the ONSPD and NSPL both carry lsoa11 (and from 2022 lsoa21); check this is a postcode directory file',
    });
  }
  return parsed.data;
}

/** A stable signature of the role mapping, so files sharing it are read by one read_csv. */
export function postcodeColumnsKey(header: CsvHeader, columns: PostcodeColumns): string {
  return JSON.stringify([header.columns, header.delimiter, header.quote, columns]);
}
