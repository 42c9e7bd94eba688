import { enrichJobSchema, extractResultSchema, type EnrichResult } from '@cwb/contracts';
import type { Logger } from '@cwb/logger';
import { parsePayload, UnrecoverableError, type StageJob } from '@cwb/queue';
import { locatePostcodes } from '@cwb/reference';
import { openDatabase, sqlString } from '@cwb/warehouse';
import { NdjsonWriter } from '../ndjson-writer';
import { stagedFilePaths } from '../staging-paths';

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
 * Enrich: locate each distinct supplier postcode of a staged file once (never per
 * transaction), against the run's read-only reference database. Transactions get their
 * geography by a join when the models are built.
 */
export function enrichFileProcessor(logger: Logger) {
  return async (job: StageJob<'enrich'>): Promise<EnrichResult> => {
    const data = parsePayload(enrichJobSchema, job);
    const log = logger.child({ run_id: data.run_id, anchor_id: data.anchor_id, job_id: job.id, queue: 'enrich' });
    const extract = await onlyChildValue(job, (v) => extractResultSchema.parse(v));
    const scratch = await openDatabase(':memory:', { mode: 'read_write', threads: 1 });
    let postcodes: string[];
    try {
      const rows = await scratch.all<{ postcode: string }>(
        `select distinct upper(trim(supplier_postcode)) as postcode
         from read_json(${sqlString(extract.rows_path)}, format = 'newline_delimited', columns = {supplier_postcode: 'VARCHAR'})
         where nullif(trim(supplier_postcode), '') is not null
         order by 1`,
      );
      postcodes = rows.map((r) => r.postcode);
    } finally {
      scratch.close();
    }
    const result: EnrichResult = {
      extract,
      suppliers_path: stagedFilePaths(data.staging_dir, data.run_id, data.source_file_id).postcodes,
      suppliers: postcodes.length,
      suppliers_located: 0,
      reference_vintage: null,
    };
    if (!data.reference_path) {
      log.warn({ postcodes: postcodes.length }, 'no postcode reference loaded: suppliers stay in the unknown-location band');
      return { ...result, suppliers_path: '' };
    }
    const found = await locatePostcodes(data.reference_path, postcodes);
    const writer = new NdjsonWriter(result.suppliers_path);
    try {
      const records = postcodes.map((postcode) => {
        const location = found.get(postcode);
        if (!location) {
          return { postcode, status: 'not_in_reference', reference_vintage: null };
        }
        if (location.status === 'located') result.suppliers_located += 1;
        result.reference_vintage = location.vintage;
        return {
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
        };
      });
      await writer.write(records);
    } finally {
      await writer.close();
    }
    log.info({ postcodes: postcodes.length, located: result.suppliers_located }, 'located supplier postcodes');
    return result;
  };
}
