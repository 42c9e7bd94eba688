import { readFile } from 'node:fs/promises';
import { enrichJobSchema, extractResultSchema, stagedPostcodeLocationSchema, stagedSupplierClassificationSchema, type EnrichResult } from '@cwb/contracts';
import type { Logger } from '@cwb/logger';
import { OverridesFileError, parseOverrides, type LocatedOverride } from '@cwb/matching';
import { parsePayload, UnrecoverableError, type KeyedCache, type StageJob } from '@cwb/queue';
import { locatePostcodes, type PostcodeLocation } from '@cwb/reference';
import { openDatabase, sharedMacrosSql } from '@cwb/warehouse';
import { NdjsonWriter } from '../ndjson-writer';
import { stagedFilePaths } from '../staging-paths';
import { distinctSuppliers, matchSuppliers, ownPostcodesSql, partiesSql, partyColumnsOf, type CachedMatch, type ClassificationRecord, type DistinctSupplier } from '../supplier-matching';

/** The one child value of a flow job (its single child's return value), validated. */
export async function onlyChildValue<T>(
  job: { getChildrenValues(): Promise<Record<string, unknown>>; name: string; id?: string | undefined },
  parse: (value: unknown) => T,
): Promise<T> {
  const values = Object.values(await job.getChildrenValues());
  if (values.length !== 1) {
    throw new UnrecoverableError(`${job.name} ${job.id ?? ''} expected exactly one finished child job, found ${values.length}`);
  }
  return parse(values[0]);
}

/**
 * Enrich, per distinct supplier of a staged file (never per transaction):
 * - match each distinct supplier key (the warehouse's own supplier_key macro) to the
 *   registers database, cached across runs in Redis (`supplier-matches`, keyed by a hash of
 *   the supplier's identity and the registers' version), and stage the matched suppliers'
 *   classifications (`supplier_classifications.ndjson`, for raw.supplier_classifications);
 * - locate each distinct postcode once (the ledger's supplier postcodes, and the registered
 *   offices and ultimate owners of matched suppliers) against the run's read-only reference.
 * Transactions get their geography and classification by joins when the models are built.
 * The overrides file (`overrides_path`) always wins over matching; a hash of its content is part
 * of the cache version, and a postcode it gives is located with the others.
 */
export function enrichFileProcessor(logger: Logger, options: { cache?: KeyedCache<CachedMatch> | null } = {}) {
  return async (job: StageJob<'enrich'>): Promise<EnrichResult> => {
    const data = parsePayload(enrichJobSchema, job);
    const log = logger.child({ run_id: data.run_id, anchor_id: data.anchor_id, job_id: job.id, queue: 'enrich' });
    const extract = await onlyChildValue(job, (v) => extractResultSchema.parse(v));
    const paths = stagedFilePaths(data.staging_dir, data.run_id, data.source_file_id);
    // the organisations the kind's rows pay (suppliers, grant recipients); none for workforce, land and registers
    const parties = partyColumnsOf(extract.record_kind);
    const scratch = await openDatabase(':memory:', { mode: 'read_write', threads: 1 });
    let postcodes: string[];
    let suppliers: DistinctSupplier[] = [];
    try {
      // a register's organisations are located by their own postcodes, not matched
      const own = ownPostcodesSql(extract.rows_path, extract.record_kind);
      const rows = parties
        ? await scratch.all<{ postcode: string }>(`select distinct postcode from (${partiesSql(extract.rows_path, parties)}) where postcode is not null order by 1`)
        : own
          ? await scratch.all<{ postcode: string }>(own)
          : [];
      postcodes = rows.map((r) => r.postcode);
      if (parties && data.registers_path) {
        await scratch.run(await sharedMacrosSql());
        suppliers = await distinctSuppliers(scratch, extract.rows_path, parties);
      }
    } finally {
      scratch.close();
    }
    const result: EnrichResult = {
      extract,
      suppliers_path: paths.postcodes,
      suppliers: postcodes.length,
      suppliers_located: 0,
      reference_vintage: null,
      classifications_path: '',
      matching: null,
    };

    // Supplier matching.
    let matched: ClassificationRecord[] = [];
    if (parties !== null && !data.registers_path) {
      log.warn('no registers database: suppliers are not matched (no classification, no registered-office location)');
    } else if (parties !== null && data.registers_path) {
      const overrides = data.overrides_path ? await readOverrides(data.overrides_path) : { entries: [], content: null };
      const outcome = await matchSuppliers(suppliers, data.registers_path, options.cache ?? null, {
        anchorId: data.anchor_id,
        overrides: overrides.entries,
        overridesContent: overrides.content,
        ...(data.reference_path && data.home_lad_codes.length > 0 ? { home: { lad_codes: data.home_lad_codes, reference_path: data.reference_path } } : {}),
      });
      matched = outcome.records;
      result.matching = {
        suppliers: outcome.suppliers,
        matched: matched.filter((m) => m.org_id !== null).length,
        cache_hits: outcome.cache_hits,
        cache_misses: outcome.cache_misses,
        registers_version: outcome.registers_version,
        overrides: outcome.overrides,
        overridden: outcome.overridden,
      };
      log.info(result.matching, 'matched distinct suppliers');
    }

    // Location: every distinct postcode once.
    const officePostcodes = matched.flatMap((m) => [m.override_postcode, m.registered_postcode, m.ultimate_owner_postcode]).filter((p): p is string => p !== null);
    const allPostcodes = [...new Set([...postcodes, ...officePostcodes.map((p) => p.trim().toUpperCase())])].sort();
    const found = data.reference_path ? await locatePostcodes(data.reference_path, allPostcodes) : new Map<string, PostcodeLocation>();
    if (!data.reference_path) {
      log.warn({ postcodes: allPostcodes.length }, 'no postcode reference loaded: suppliers stay in the unknown-location band');
      result.suppliers_path = '';
    } else {
      const ledgerPostcodes = new Set(postcodes);
      const writer = new NdjsonWriter(result.suppliers_path);
      try {
        const records = allPostcodes.map((postcode) => {
          const location = found.get(postcode);
          if (!location) {
            return stagedPostcodeLocationSchema.parse({
              postcode, status: 'not_in_reference', lad_code: null, region_code: null, country_code: null, lsoa_code: null,
              imd_decile: null, imd_nation: null, is_terminated: null, reference_vintage: null,
            });
          }
          if (location.status === 'located' && ledgerPostcodes.has(postcode)) result.suppliers_located += 1;
          result.reference_vintage = location.vintage;
          return stagedPostcodeLocationSchema.parse({
            postcode,
            status: location.status,
            lad_code: location.lad_code,
            region_code: location.region_code,
            country_code: location.country_code,
            lsoa_code: location.lsoa_code,
            imd_decile: location.imd_decile,
            imd_nation: location.imd_nation,
            is_terminated: location.is_terminated,
            reference_vintage: location.vintage,
          });
        });
        await writer.write(records);
      } finally {
        await writer.close();
      }
      log.info({ postcodes: postcodes.length, located: result.suppliers_located, other_postcodes: allPostcodes.length - postcodes.length }, 'located supplier postcodes');
    }

    if (result.matching) {
      const writer = new NdjsonWriter(paths.classifications);
      try {
        await writer.write(
          matched.map((m) => {
            const owner = m.ultimate_owner_postcode ? found.get(m.ultimate_owner_postcode.trim().toUpperCase()) : undefined;
            const { ultimate_owner_postcode: _owner, is_override: _override, ...row } = m;
            return stagedSupplierClassificationSchema.parse({ ...row, ultimate_owner_lad_code: owner?.status === 'located' ? owner.lad_code : null });
          }),
        );
      } finally {
        await writer.close();
      }
      result.classifications_path = paths.classifications;
    }
    return result;
  };
}

/**
 * The overrides file as this job reads it (validated when the refresh payload was built, but it
 * may have been edited since): an invalid file fails the job for good, with file:line.
 */
async function readOverrides(path: string): Promise<{ entries: LocatedOverride[]; content: string }> {
  let content: string;
  try {
    content = await readFile(path, 'utf8');
  } catch (error) {
    // Retried: the file was there when the refresh was enqueued (e.g. shared storage hiccup).
    throw new OverridesFileError(path, null, `cannot read the overrides file (${(error as NodeJS.ErrnoException).code ?? String(error)})`, 'check reference.supplier_overrides');
  }
  try {
    return { entries: parseOverrides(content, path), content };
  } catch (error) {
    throw new UnrecoverableError(error instanceof Error ? error.message : String(error));
  }
}
