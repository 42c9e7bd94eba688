import {
  stagedApTransactionSchema,
  stagedGrantRecordSchema,
  stagedLandAssetRecordSchema,
  stagedNhsEstateReturnSchema,
  stagedOrganisationRecordSchema,
  stagedPostcodeLocationSchema,
  stagedRejectedRecordSchema,
  stagedSupplierClassificationSchema,
  stagedWorkforceRecordSchema,
  type RecordKind,
} from '@cwb/contracts';
import { duckdbColumns } from './contract-columns';
import { sqlString, type Warehouse } from './warehouse-connection';

/**
 * Where each record kind's staged rows go, and their column types (the kind's contract as
 * DuckDB types): payments, pseudonymised workforce records, land assets, grants, organisations, NHS estates returns.
 */
const recordTables: Record<RecordKind, { table: string; columns: Record<string, string> }> = {
  ap_transaction: { table: 'raw.ap_transactions', columns: duckdbColumns(stagedApTransactionSchema) },
  workforce: { table: 'raw.workforce_records', columns: duckdbColumns(stagedWorkforceRecordSchema) },
  land_asset: { table: 'raw.land_assets', columns: duckdbColumns(stagedLandAssetRecordSchema) },
  grant: { table: 'raw.grants', columns: duckdbColumns(stagedGrantRecordSchema) },
  organisation: { table: 'raw.organisations', columns: duckdbColumns(stagedOrganisationRecordSchema) },
  nhs_estate_return: { table: 'raw.nhs_estate_returns', columns: duckdbColumns(stagedNhsEstateReturnSchema) },
};
const rejectedColumns = duckdbColumns(stagedRejectedRecordSchema);

/** A record kind's staged columns as DuckDB types, and the rejected records' (what the extract stage writes). */
export function stagedColumns(kind: RecordKind | 'rejected'): Record<string, string> {
  return kind === 'rejected' ? rejectedColumns : recordTables[kind].columns;
}

const postcodeColumns = duckdbColumns(stagedPostcodeLocationSchema);
const classificationColumns = duckdbColumns(stagedSupplierClassificationSchema);

/**
 * A staged file as a relation with the given columns: Parquet (what the extract stage writes) by
 * DuckDB's Parquet reader, the columns cast by name; NDJSON (enrich's small files, older staging)
 * by its JSON reader with the columns given.
 */
export function stagedReader(path: string, columns: Record<string, string>): string {
  if (path.endsWith('.parquet')) {
    const select = Object.entries(columns)
      .map(([name, type]) => `cast(${name} as ${type}) as ${name}`)
      .join(', ');
    return `(select ${select} from read_parquet(${sqlString(path)}))`;
  }
  const spec = Object.entries(columns)
    .map(([name, type]) => `${name}: '${type}'`)
    .join(', ');
  return `read_json(${sqlString(path)}, format = 'newline_delimited', columns = {${spec}})`;
}

export interface StagedFile {
  run_id: string;
  load_id: string;
  anchor_id: string;
  source_file_id: string;
  source_file: string;
  content_sha256: string;
  rows_path: string;
  rejected_path: string;
  postcodes_path: string | null;
  /** Matched suppliers' classifications (the enrich stage's supplier matching); null: none. */
  classifications_path?: string | null;
  rows_read: number;
  rows_staged: number;
  rows_quarantined: number;
  rows_skipped: number;
  mapping: string | null;
  encoding: string | null;
  /** Which canonical rows the staged file holds; payments by default. */
  record_kind?: RecordKind;
}

export interface LoadCounts {
  rows_read: number;
  rows_loaded: number;
  rows_quarantined: number;
  rows_skipped: number;
}

/** Raised when the warehouse would not hold exactly the rows the extract stage counted. */
export class LoadCountMismatchError extends Error {}

/**
 * Replaces one source file's rows in a single transaction, set-based from the staged
 * Parquet (or NDJSON) files (DuckDB's own reader, no row loops). A retried or duplicated load job
 * deletes what an earlier attempt wrote, so nothing is ever counted twice; the counts
 * are checked inside the transaction, so a short load rolls back instead of committing.
 */
export async function loadStagedFile(
  warehouse: Warehouse,
  staged: StagedFile,
  /** `onInserting`: the file's old rows are deleted and the new ones about to be inserted, uncommitted (the fault suite kills the loader here). */
  hooks: { onInserting?: () => void } = {},
): Promise<LoadCounts> {
  return warehouse.transaction(async () => {
    const key = [staged.source_file_id];
    const { table, columns } = recordTables[staged.record_kind ?? 'ap_transaction'];
    const [previous] = await warehouse.all<{ n: bigint }>(`select count(*) as n from ${table} where source_file_id = $1`, key);
    await warehouse.run(`delete from ${table} where source_file_id = $1`, key);
    await warehouse.run('delete from raw.rejected_records where source_file_id = $1', key);
    hooks.onInserting?.();
    await warehouse.run(
      // by name: the staged columns are the contract's; the lineage of the load is added here
      `insert into ${table} by name
       select $run_id as run_id, $source_file_id as source_file_id, *
       from ${stagedReader(staged.rows_path, columns)}`,
      { run_id: staged.run_id, source_file_id: staged.source_file_id },
    );
    await warehouse.run(
      `insert into raw.rejected_records by name
       select $run_id as run_id, $source_file_id as source_file_id, *
       from ${stagedReader(staged.rejected_path, rejectedColumns)}`,
      { run_id: staged.run_id, source_file_id: staged.source_file_id },
    );
    if (staged.postcodes_path) {
      await warehouse.run(
        `insert or replace into raw.postcode_locations
         select postcode, status, lad_code, region_code, country_code, lsoa_code, imd_decile, imd_nation,
                is_terminated, reference_vintage, current_timestamp
         from ${stagedReader(staged.postcodes_path, postcodeColumns)}`,
      );
    }
    if (staged.classifications_path) {
      // Keyed by supplier across files and anchors: the latest match of a key wins.
      // is_locally_owned depends on the anchor's home area, so matching leaves it null.
      await warehouse.run(
        `insert or replace into raw.supplier_classifications
           (supplier_key, matched_name, company_number, org_id, match_method, match_confidence, organisation_type,
            size_band, sic_codes, registered_postcode, is_locally_owned, ultimate_owner, ultimate_owner_lad_code,
            classified_at, override_postcode, match_evidence, match_probability, register_category)
         select supplier_key, matched_name, company_number, org_id, match_method, match_confidence, organisation_type,
                size_band, sic_codes, registered_postcode, null, ultimate_owner, ultimate_owner_lad_code, current_timestamp,
                override_postcode, match_evidence, match_probability, register_category
         from ${stagedReader(staged.classifications_path, classificationColumns)}`,
      );
    }
    const [counts] = await warehouse.all<{ loaded: bigint; quarantined: bigint; skipped: bigint }>(
      `select
         (select count(*) from ${table} where source_file_id = $1) as loaded,
         (select count(*) from raw.rejected_records where source_file_id = $1 and disposition = 'quarantined') as quarantined,
         (select count(*) from raw.rejected_records where source_file_id = $1 and disposition = 'skipped') as skipped`,
      key,
    );
    const result: LoadCounts = {
      rows_read: staged.rows_read,
      rows_loaded: Number(counts?.loaded ?? 0),
      rows_quarantined: Number(counts?.quarantined ?? 0),
      rows_skipped: Number(counts?.skipped ?? 0),
    };
    if (
      result.rows_loaded !== staged.rows_staged ||
      result.rows_quarantined !== staged.rows_quarantined ||
      result.rows_skipped !== staged.rows_skipped ||
      result.rows_loaded + result.rows_quarantined + result.rows_skipped !== staged.rows_read
    ) {
      throw new LoadCountMismatchError(
        `${staged.source_file}: staged ${staged.rows_staged} rows, ${staged.rows_quarantined} quarantined and ` +
          `${staged.rows_skipped} skipped of ${staged.rows_read} read, but the warehouse would hold ` +
          `${result.rows_loaded}/${result.rows_quarantined}/${result.rows_skipped}; the load was rolled back`,
      );
    }
    await warehouse.run(
      `insert or replace into raw.source_files
       values ($source_file_id, $anchor_id, $source_file, $sha, $run_id, $load_id, $read, $loaded, $quarantined,
               $skipped, $mapping, $encoding, current_timestamp)`,
      {
        source_file_id: staged.source_file_id,
        anchor_id: staged.anchor_id,
        source_file: staged.source_file,
        sha: staged.content_sha256,
        run_id: staged.run_id,
        load_id: staged.load_id,
        read: staged.rows_read,
        loaded: result.rows_loaded,
        quarantined: result.rows_quarantined,
        skipped: result.rows_skipped,
        mapping: staged.mapping,
        encoding: staged.encoding,
      },
    );
    await warehouse.run(
      `insert or replace into raw.load_batches
       values ($load_id, $run_id, $anchor_id, $source_file_id, $source_file, $sha, $read, $loaded, $quarantined,
               $skipped, $replaced, current_timestamp)`,
      {
        load_id: staged.load_id,
        run_id: staged.run_id,
        anchor_id: staged.anchor_id,
        source_file_id: staged.source_file_id,
        source_file: staged.source_file,
        sha: staged.content_sha256,
        read: staged.rows_read,
        loaded: result.rows_loaded,
        quarantined: result.rows_quarantined,
        skipped: result.rows_skipped,
        replaced: Number(previous?.n ?? 0),
      },
    );
    return result;
  });
}
