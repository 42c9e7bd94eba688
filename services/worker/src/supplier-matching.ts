import { createHash } from 'node:crypto';
import { z } from 'zod';
import { withRegisters } from '@cwb/companies-house';
import { ReferenceReader } from '@cwb/reference';
import {
  MATCH_BATCH_SIZE,
  NORMALISATION_VERSION,
  matcherModelVersion,
  OverrideIndex,
  SupplierMatcher,
  classifySupplier,
  matchEvidence,
  chosenProbability,
  matchMethodSchema,
  type LocatedOverride,
  type SupplierInput,
  type SupplierMatch,
} from '@cwb/matching';
import type { RecordKind } from '@cwb/contracts';
import type { KeyedCache } from '@cwb/queue';
import { stagedReader, type Warehouse } from '@cwb/warehouse';

/**
 * Supplier matching in the enrich stage: each distinct supplier key of a staged file is
 * matched once to the registers database, and the outcome cached across runs (Redis, keyed
 * by a hash of the supplier's identity, the registers' version and the matcher's model version:
 * scoring code, name-scores.yaml, place words), so a nightly refresh
 * only matches new or changed suppliers.
 */

/** Bump when the cached shape or the way a match becomes a classification changes. */
export const SUPPLIER_MATCH_CACHE_VERSION = 5;
export const SUPPLIER_MATCH_CACHE_NAME = 'supplier-matches';

/** raw.supplier_classifications.organisation_type. */
export const organisationTypeSchema = z.enum(['private', 'public_sector', 'vcse', 'sole_trader', 'other']);

/**
 * What the cache holds per supplier identity: the match and the register facts the warehouse
 * needs (register data only: never the ledger's supplier name, which may be a person's).
 */
export const cachedMatchSchema = z.object({
  org_id: z.string().nullable(),
  matched_name: z.string().nullable(),
  company_number: z.string().nullable(),
  match_method: matchMethodSchema,
  match_confidence: z.number().min(0).max(1),
  /** The method, the named score parts and the runner-up's score (`matchEvidence`). */
  match_evidence: z.string(),
  /** The chosen candidate's Fellegi–Sunter match probability (`chosenProbability`); null for identifiers and overrides. */
  match_probability: z.number().min(0).max(1).nullable(),
  organisation_type: organisationTypeSchema.nullable(),
  /** The register's own category of the matched organisation (Companies House CompanyCategory), for its ownership form. */
  register_category: z.string().nullable(),
  size_band: z.enum(['micro', 'small', 'medium', 'large']).nullable(),
  sic_codes: z.array(z.string()).nullable(),
  registered_postcode: z.string().nullable(),
  ultimate_owner: z.string().nullable(),
  ultimate_owner_postcode: z.string().nullable(),
  /** The location an override gives (a postcode), which wins over the ledger's and the registered office. */
  override_postcode: z.string().nullable(),
  /** Whether an entry of the overrides file selected this supplier (decided it, or gave its location). */
  is_override: z.boolean(),
});
export type CachedMatch = z.infer<typeof cachedMatchSchema>;

/** One distinct supplier of a staged file, as the enrich stage's DuckDB pass finds it. */
export type DistinctSupplier = {
  supplier_key: string;
  name: string | null;
  company_number: string | null;
  charity_number: string | null;
  vat_number: string | null;
  supplier_id: string | null;
  postcode: string | null;
};

/** A row of raw.supplier_classifications as staged (`supplier_classifications.ndjson`). */
export interface ClassificationRecord extends Omit<CachedMatch, 'ultimate_owner_postcode'> {
  supplier_key: string;
  ultimate_owner_postcode: string | null;
}

export interface MatchOutcome {
  /**
   * The rows for raw.supplier_classifications: matched suppliers (org_id not null) and suppliers
   * an override decided or located (a "not an organisation" override or a postcode keeps org_id null).
   */
  records: ClassificationRecord[];
  suppliers: number;
  cache_hits: number;
  cache_misses: number;
  registers_version: string;
  /** Entries in the overrides file, and suppliers of this file an override selected. */
  overrides: number;
  overridden: number;
}

/**
 * The home area's part of the cache version: matches depend on which anchor pays (of several
 * same-named organisations the one in its home area is taken), so each home area caches its own.
 */
function homeVersion(home: { lad_codes: readonly string[] } | undefined): string {
  if (!home || home.lad_codes.length === 0) return 'h-';
  return `h${createHash('sha256').update([...home.lad_codes].sort().join(',')).digest('hex').slice(0, 12)}`;
}

/**
 * The overrides' part of the cache version: a hash of the overrides file's content, so an edited
 * file re-matches every supplier instead of serving matches cached under the old overrides.
 */
export function overridesVersion(content: string | null): string {
  return content === null ? 'o0' : `o${createHash('sha256').update(content).digest('base64url').slice(0, 16)}`;
}

/**
 * Which columns of a record kind's staged rows name the organisations paid (the parties the
 * enrich stage matches and locates): a payment's supplier, a grant's recipient. A kind with
 * none (workforce, land) has no entry.
 */
export interface PartyColumns {
  name: string;
  company_number: string;
  charity_number: string;
  postcode: string;
  amount: string;
  /** Columns a kind may not have (null: none). */
  is_redacted: string | null;
  vat_number: string | null;
  supplier_id: string | null;
}

const partyColumnsByKind: Partial<Record<RecordKind, PartyColumns>> = {
  ap_transaction: {
    name: 'supplier_name', company_number: 'company_number', charity_number: 'charity_number', postcode: 'supplier_postcode',
    amount: 'amount_pence', is_redacted: 'is_redacted', vat_number: 'vat_number', supplier_id: 'supplier_id',
  },
  grant: {
    name: 'recipient_name', company_number: 'recipient_company_number', charity_number: 'recipient_charity_number', postcode: 'recipient_postcode',
    amount: 'amount_pence', is_redacted: null, vat_number: null, supplier_id: null,
  },
};

export function partyColumnsOf(kind: RecordKind): PartyColumns | null {
  return partyColumnsByKind[kind] ?? null;
}

/** Kinds whose rows are organisations themselves (registers): the column of their postcode, located but never matched. */
const ownPostcodeColumnByKind: Partial<Record<RecordKind, string>> = { organisation: 'postcode' };

/** The distinct postcodes of a staged file of a kind in `ownPostcodeColumnByKind` (its rows' own locations); null for other kinds. */
export function ownPostcodesSql(rowsPath: string, kind: RecordKind): string | null {
  const column = ownPostcodeColumnByKind[kind];
  if (!column) return null;
  return `select distinct upper(trim(${column})) as postcode
       from ${stagedReader(rowsPath, { [column]: 'VARCHAR' })}
       where nullif(trim(${column}), '') is not null order by 1`;
}

/** The staged rows of a kind as parties (supplier_name, …, postcode), read with DuckDB's JSON reader. */
export function partiesSql(rowsPath: string, parties: PartyColumns): string {
  const columns: Record<string, string> = {};
  for (const c of [parties.name, parties.company_number, parties.charity_number, parties.postcode, parties.vat_number, parties.supplier_id]) {
    if (c !== null) columns[c] = 'VARCHAR';
  }
  columns[parties.amount] = 'BIGINT';
  if (parties.is_redacted) columns[parties.is_redacted] = 'BOOLEAN';
  const or = (column: string | null, fallback: string) => column ?? fallback;
  return `select nullif(trim(${parties.name}), '') as supplier_name, ${or(parties.is_redacted, 'false')} as is_redacted, ${parties.amount} as amount_pence,
              upper(nullif(trim(${parties.company_number}), '')) as company_number,
              upper(nullif(trim(${parties.charity_number}), '')) as charity_number,
              nullif(trim(${or(parties.vat_number, 'null')}), '') as vat_number,
              nullif(trim(${or(parties.supplier_id, 'null')}), '') as supplier_id,
              upper(nullif(trim(${parties.postcode}), '')) as postcode
       from ${stagedReader(rowsPath, columns)}`;
}

/**
 * The distinct parties (suppliers, grant recipients) of a staged NDJSON file in one DuckDB
 * pass (never per transaction), keyed by the warehouse's own supplier_key macro (run into
 * `scratch` from packages/warehouse/macros). Each key's name, postcode and identifiers are
 * those of its largest payment. Redacted rows are left out: there is nothing to match.
 */
export async function distinctSuppliers(scratch: Warehouse, rowsPath: string, parties: PartyColumns = partyColumnsByKind.ap_transaction as PartyColumns): Promise<DistinctSupplier[]> {
  const pick = (column: string) => `first(${column} order by abs(amount_pence) desc nulls last, ${column}) filter (where ${column} is not null)`;
  return scratch.all<DistinctSupplier>(
    `with rows as (
       ${partiesSql(rowsPath, parties)}
     ),
     names as (
       select supplier_name, supplier_name_key(supplier_name) as name_key
       from (select distinct supplier_name from rows where supplier_name is not null)
     ),
     keyed as (
       select rows.*, supplier_key(rows.company_number, rows.charity_number, rows.is_redacted, names.name_key) as supplier_key
       from rows left join names using (supplier_name)
     )
     select supplier_key, ${pick('supplier_name')} as name, ${pick('company_number')} as company_number,
            ${pick('charity_number')} as charity_number, ${pick('vat_number')} as vat_number,
            ${pick('supplier_id')} as supplier_id, ${pick('postcode')} as postcode
     from keyed
     where supplier_key <> 'redacted'
     group by supplier_key
     order by supplier_key`,
  );
}

/** A supplier's identity for the cache: a hash (no names in Redis) of everything the matcher sees. */
export function supplierIdentity(s: DistinctSupplier): string {
  return createHash('sha256')
    .update(JSON.stringify([s.supplier_key, s.name, s.company_number, s.charity_number, s.vat_number, s.supplier_id, s.postcode]))
    .digest('base64url');
}

type Conn = ConstructorParameters<typeof SupplierMatcher>[0];

async function rows(conn: Conn, sql: string, params?: Record<string, string>): Promise<Record<string, unknown>[]> {
  return (await conn.runAndReadAll(sql, params)).getRowObjectsJS() as Record<string, unknown>[];
}

/**
 * The registers' version: the normalisation rules, when the matching index was built and when
 * a register was last loaded. Any reload changes it, so cached matches are redone.
 */
async function registersVersion(conn: Conn, path: string): Promise<string> {
  const [meta] = await rows(
    conn,
    `select (select any_value(normalisation_version) from match_index_meta) as n,
            (select epoch_ms(max(built_at)) from match_index_meta) as built,
            (select epoch_ms(max(loaded_at)) from register_inputs) as loaded`,
  ).catch((error: unknown) => {
    throw new Error(
      `${path}: not a registers database with a matching index (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); ` +
        'build it with `cwb reference load companies <BasicCompanyData csv>`',
    );
  });
  return `n${String(meta?.n ?? NORMALISATION_VERSION)}-i${String(meta?.built ?? 0)}-r${String(meta?.loaded ?? 0)}`;
}

const organisationType = (kind: string, isVcse: boolean | null): z.infer<typeof organisationTypeSchema> => {
  if (isVcse) return 'vcse';
  if (kind === 'company') return 'private';
  if (kind === 'public_sector') return 'public_sector';
  if (kind === 'individual') return 'sole_trader';
  return 'other';
};

/** Turns matcher outcomes into cache entries, reading the matched organisations' facts once. */
async function classify(conn: Conn, suppliers: DistinctSupplier[], matches: SupplierMatch[], overridden: boolean[]): Promise<CachedMatch[]> {
  const ids = [...new Set(matches.map((m) => m.org_id).filter((id): id is string => id !== null))];
  const hasOwnership = (await rows(conn, `select count(*) as n from duckdb_views() where view_name = 'ownership_resolved'`))[0]?.n;
  const facts = new Map<string, Record<string, unknown>>();
  if (ids.length > 0) {
    const found = await rows(
      conn,
      `select o.org_id, o.scheme, o.number, o.name, o.org_type, o.accounts_category, o.sic_codes, o.postcode,
              ${Number(hasOwnership) > 0 ? 'r.ultimate_parent_name, r.ultimate_parent_postcode' : 'null as ultimate_parent_name, null as ultimate_parent_postcode'}
       from organisations o
       ${Number(hasOwnership) > 0 ? 'left join ownership_resolved r using (org_id)' : ''}
       where o.org_id in (select unnest(from_json($ids::JSON, '["VARCHAR"]')))
       qualify row_number() over (partition by o.org_id order by o.source) = 1`,
      { ids: JSON.stringify(ids) },
    );
    for (const f of found) facts.set(String(f.org_id), f);
  }
  return matches.map((m, i) => {
    const org = m.org_id ? facts.get(m.org_id) : undefined;
    const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
    const c = classifySupplier(
      suppliers[i]!.name,
      m,
      org ? { org_id: String(org.org_id), scheme: String(org.scheme), name: String(org.name), org_type: str(org.org_type), accounts_category: str(org.accounts_category) } : null,
    );
    return cachedMatchSchema.parse({
      org_id: m.org_id,
      matched_name: m.matched_name,
      company_number: org && org.scheme === 'GB-COH' ? str(org.number) : null,
      match_method: m.method,
      match_confidence: m.confidence,
      match_evidence: matchEvidence(m),
      match_probability: chosenProbability(m),
      organisation_type: m.org_id ? organisationType(c.organisation_kind, c.is_vcse) : null,
      register_category: str(org?.org_type),
      size_band: c.size_band === 'unknown' ? null : c.size_band,
      sic_codes: Array.isArray(org?.sic_codes) ? (org.sic_codes as unknown[]).map(String) : null,
      registered_postcode: str(org?.postcode),
      ultimate_owner: str(org?.ultimate_parent_name),
      ultimate_owner_postcode: str(org?.ultimate_parent_postcode),
      override_postcode: m.override_postcode,
      is_override: overridden[i] ?? false,
    });
  });
}

/**
 * Matches a file's distinct suppliers: cached outcomes first, the rest through the matcher in
 * batches (the registers database opened read-only), and their outcomes cached. Overrides
 * (validated entries of one file, with `overridesContent` that file's text) always win; the
 * cache keys carry a hash of that text, so editing the file re-matches.
 */
export async function matchSuppliers(
  suppliers: DistinctSupplier[],
  registersPath: string,
  cache: KeyedCache<CachedMatch> | null,
  options: {
    anchorId?: string;
    overrides?: readonly LocatedOverride[];
    overridesContent?: string | null;
    /** The paying anchor's home area and the postcode reference that places registered offices in it. */
    home?: { lad_codes: readonly string[]; reference_path: string };
  } = {},
): Promise<MatchOutcome> {
  const overrides = options.overrides ?? [];
  const index = new OverrideIndex(overrides);
  return withRegisters(registersPath, { mode: 'read_only', threads: 1 }, async ({ conn }) => {
    const version = await registersVersion(conn, registersPath);
    const cacheVersion = `${version}:${matcherModelVersion()}:${overridesVersion(overrides.length > 0 ? (options.overridesContent ?? JSON.stringify(overrides)) : null)}:${homeVersion(options.home)}`;
    const keys = suppliers.map((s) => `${cacheVersion}:${supplierIdentity(s)}`);
    const cached = cache ? await cache.getMany(keys) : new Map<string, CachedMatch>();
    const outcomes: (CachedMatch | undefined)[] = keys.map((k) => cached.get(k));
    const missing = outcomes.flatMap((o, i) => (o === undefined ? [i] : []));
    if (missing.length > 0) {
      const home = options.home;
      const ladCodes = new Set(home?.lad_codes ?? []);
      // One reader of the postcode reference for the whole file, opened when first asked.
      let reference: Promise<ReferenceReader> | null = null;
      const inHomeArea = home
        ? async (postcodes: readonly string[]) => {
            reference ??= ReferenceReader.open(home.reference_path);
            const located = await (await reference).locate(postcodes);
            return new Set(postcodes.filter((pc) => ladCodes.has(located.get(pc)?.lad_code ?? '')));
          }
        : undefined;
      const matcher = new SupplierMatcher(conn, { anchorId: options.anchorId, overrides, ...(inHomeArea ? { inHomeArea } : {}) });
      try {
        for (let i = 0; i < missing.length; i += MATCH_BATCH_SIZE) {
          const batch = missing.slice(i, i + MATCH_BATCH_SIZE);
          const inputs: SupplierInput[] = batch.map((j) => {
            const s = suppliers[j]!;
            return { name: s.name, postcode: s.postcode, company_number: s.company_number, charity_number: s.charity_number, vat_number: s.vat_number, supplier_id: s.supplier_id };
          });
          const overridden = inputs.map((input) => index.find(input, options.anchorId) !== null);
          const matched = await classify(conn, batch.map((j) => suppliers[j]!), await matcher.matchBatch(inputs), overridden);
          batch.forEach((j, n) => (outcomes[j] = matched[n]));
          if (cache) await cache.setMany(batch.map((j, n) => [keys[j]!, matched[n]!] as const));
        }
      } finally {
        // A reader that failed to open has already failed the batch that asked for it.
        if (reference) await (reference as Promise<ReferenceReader>).then((r) => r.close(), () => undefined);
      }
    }
    const records = suppliers.flatMap((s, i) => {
      const o = outcomes[i]!;
      return o.org_id === null && !o.is_override ? [] : [{ supplier_key: s.supplier_key, ...o }];
    });
    return {
      records,
      suppliers: suppliers.length,
      cache_hits: suppliers.length - missing.length,
      cache_misses: missing.length,
      registers_version: version,
      overrides: index.size,
      overridden: outcomes.filter((o) => o?.is_override).length,
    };
  });
}
