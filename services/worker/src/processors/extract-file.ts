import { mkdir, rm } from 'node:fs/promises';
import { stat } from 'node:fs/promises';
import { FileRejectedError, type ApReadRoute, type Connector, type DiscoveredFile, type ReadBatch, type ReadContext } from '@cwb/connector-sdk';
import { openDatabase, sqlString, stagedColumns, stagedReader } from '@cwb/warehouse';
import type { RecordKind } from '@cwb/contracts';
import { fastExtract } from '../fast-extract';
import { REFUSED_PREFIX } from '../failure-cause';
import { extractJobSchema, type ExtractResult } from '@cwb/contracts';
import type { Logger } from '@cwb/logger';
import { parsePayload, UnrecoverableError, type StageJob } from '@cwb/queue';
import { connectorByName, recordKindOf } from '../connector-registry';
import { NdjsonWriter } from '../ndjson-writer';
import { stagedFilePaths } from '../staging-paths';

/**
 * Extract: read one source file into staged files on shared storage: canonical rows, and
 * rejected records (quarantined or skipped, each with its reason). A delimited payments file
 * whose layout the reader decides is read by DuckDB (`fastExtract`); any other file, or one
 * DuckDB cannot read safely, row by row by its connector. Which reader, and why, is in the
 * job's result (run history) and the log. Payments are staged as Parquet. Rows never travel
 * through Redis: only paths and counts do.
 */
export function extractFileProcessor(logger: Logger) {
  return async (job: StageJob<'extract'>): Promise<ExtractResult> => {
    const data = parsePayload(extractJobSchema, job);
    const log = logger.child({
      run_id: data.run_id,
      anchor_id: data.anchor_id,
      source_file: data.source_file_display,
      job_id: job.id,
      queue: 'extract',
    });
    const connector = connectorByName(data.connector);
    const paths = stagedFilePaths(data.staging_dir, data.run_id, data.source_file_id);
    await rm(paths.dir, { recursive: true, force: true });
    await mkdir(paths.dir, { recursive: true });
    const recordKind = recordKindOf(data.connector);
    const loadId = `${data.run_id}-${data.source_file_id}`;
    const counts = { staged: 0, quarantined: 0, skipped: 0 };
    let facts: { mapping: string | null; encoding: string | null } = { mapping: null, encoding: null };
    let reader: { reader: 'duckdb' | 'node'; reason: string } = {
      reader: 'node',
      reason: readerChoice() === 'node' ? 'CWB_EXTRACT_READER is node (the default): every file read row by row' : `connector ${data.connector} reads row by row`,
    };
    let staged = { rows: paths.rowsNdjson, rejected: paths.rejectedNdjson };
    try {
      const info = await stat(data.source_file).catch(() => {
        throw new UnrecoverableError(`${data.source_file_display}: file not found or unreadable`);
      });
      const spec = connector.spec.parse({
        ...data.options,
        path: data.source_file,
        ...(data.mapping ? { mapping: data.mapping } : {}),
      });
      const file = { path: data.source_file, display_path: data.source_file_display, size: info.size, mtime_ms: info.mtimeMs };
      const ctx = { load_id: loadId, anchor_id: data.anchor_id, source_file: data.source_file_display, reference_path: data.reference_path };
      const route = isFastReadable(connector) && readerChoice() === 'auto' ? await connector.planRead(file, spec, ctx) : null;
      if (route?.route === 'duckdb') {
        // One DuckDB thread per extract process: extract scales by processes (measured: 2 threads per process cost a third more CPU).
        const fast = await fastExtract(route.plan, { dir: paths.dir, rowsPath: paths.rows, rejectedPath: paths.rejected }, ctx, { threads: 1 });
        if (fast.kind === 'read') {
          Object.assign(counts, { staged: fast.rows, quarantined: fast.quarantined, skipped: fast.skipped });
          facts = { mapping: route.plan.facts.mapping, encoding: fast.encoding };
          staged = { rows: paths.rows, rejected: paths.rejected };
          reader = { reader: 'duckdb', reason: route.reason };
        } else {
          reader = { reader: 'node', reason: fast.reason };
        }
      } else if (route) {
        reader = { reader: 'node', reason: route.reason };
      }
      if (reader.reader === 'node') {
        facts = await readRowByRow(connector.read(file, spec, ctx), staged, counts, job);
        // Payments are staged as Parquet whichever reader read them (other kinds stay NDJSON: small files).
        if (recordKind === 'ap_transaction') staged = await ndjsonToParquet(staged, { rows: paths.rows, rejected: paths.rejected }, recordKind);
      }
      // A file rewritten while it was read gives rows of neither version: discard them and let
      // the job read it again (a retry), rather than load a mix.
      const after = await stat(data.source_file).catch(() => null);
      if (!after || after.size !== info.size || after.mtimeMs !== info.mtimeMs) {
        throw new Error(
          `${data.source_file_display}: the file changed while it was read (${info.size.toLocaleString('en-GB')} bytes → ${after ? `${after.size.toLocaleString('en-GB')} bytes` : 'gone'}); the rows read are discarded and the file is read again`,
        );
      }
    } catch (error) {
      if (error instanceof FileRejectedError) {
        log.error({ reason: error.reason, line: error.line }, 'source file rejected');
        // "refused: " marks a file refused with a reason (not a crash): `cwb run` exits 0 on those.
        throw new UnrecoverableError(`${REFUSED_PREFIX}${error.message}`);
      }
      throw error;
    }
    const result: ExtractResult = {
      source_file_id: data.source_file_id,
      rows_path: staged.rows,
      quarantine_path: staged.rejected,
      rows_read: counts.staged + counts.quarantined + counts.skipped,
      rows_staged: counts.staged,
      rows_quarantined: counts.quarantined,
      rows_skipped: counts.skipped,
      mapping: facts.mapping,
      encoding: facts.encoding,
      record_kind: recordKind,
      reader: reader.reader,
      reader_reason: reader.reason,
    };
    log.info(
      {
        rows_read: result.rows_read,
        rows_staged: result.rows_staged,
        rows_quarantined: counts.quarantined,
        rows_skipped: counts.skipped,
        mapping: facts.mapping,
        reader: reader.reader,
        reader_reason: reader.reason,
      },
      'extracted source file',
    );
    return result;
  };
}

/**
 * `CWB_EXTRACT_READER`: `node` (the default) reads every file row by row; `auto` lets the reader
 * choose DuckDB for each file it can (`planRead`). The DuckDB reader gives the same rows and
 * reasons (the differential test) but measured about 40% more CPU per extract process at the
 * bench's `medium` scale (packages/bench/README.md), so it is not the default until it is cheaper.
 */
function readerChoice(): 'auto' | 'node' {
  const value = process.env.CWB_EXTRACT_READER ?? 'node';
  if (value !== 'auto' && value !== 'node') throw new UnrecoverableError(`CWB_EXTRACT_READER must be node or auto, not "${value}"`);
  return value;
}

/** A connector that can say which reader reads a file (the tabular AP connectors: `planApRead`). */
function isFastReadable(connector: Connector<unknown, object>): connector is Connector<unknown, object> & { planRead: (file: DiscoveredFile, spec: unknown, ctx: ReadContext) => Promise<ApReadRoute> } {
  return typeof (connector as { planRead?: unknown }).planRead === 'function';
}

/** The per-row reader: the connector's batches streamed to NDJSON, counted; returns the file's facts. */
async function readRowByRow(
  batches: AsyncIterable<ReadBatch<object>>,
  paths: { rows: string; rejected: string },
  counts: { staged: number; quarantined: number; skipped: number },
  job: StageJob<'extract'>,
): Promise<{ mapping: string | null; encoding: string | null }> {
  const rows = new NdjsonWriter(paths.rows);
  const rejected = new NdjsonWriter(paths.rejected);
  let facts: { mapping: string | null; encoding: string | null } = { mapping: null, encoding: null };
  try {
    let lastProgress = Date.now();
    for await (const batch of batches) {
      facts = { mapping: batch.facts.mapping, encoding: batch.facts.encoding };
      await rows.write(batch.rows);
      await rejected.write(batch.quarantined.map((r) => ({ ...r, disposition: 'quarantined' })));
      await rejected.write(batch.skipped.map((r) => ({ ...r, disposition: 'skipped' })));
      counts.quarantined += batch.quarantined.length;
      counts.skipped += batch.skipped.length;
      if (Date.now() - lastProgress > 1000) {
        lastProgress = Date.now();
        await job.updateProgress({ rows: rows.count + rejected.count });
      }
    }
  } finally {
    await rows.close();
    await rejected.close();
  }
  counts.staged = rows.count;
  return facts;
}

/** Staged NDJSON → Parquet with the contract's columns (DuckDB, set-based); the NDJSON is removed. */
async function ndjsonToParquet(from: { rows: string; rejected: string }, to: { rows: string; rejected: string }, kind: RecordKind) {
  const db = await openDatabase(':memory:', { mode: 'read_write', threads: 1, memoryLimit: '256MB' });
  try {
    await db.run(`copy (select * from ${stagedReader(from.rows, stagedColumns(kind))}) to ${sqlString(to.rows)} (format parquet)`);
    await db.run(`copy (select * from ${stagedReader(from.rejected, stagedColumns('rejected'))}) to ${sqlString(to.rejected)} (format parquet)`);
  } finally {
    db.close();
  }
  await rm(from.rows, { force: true });
  await rm(from.rejected, { force: true });
  return to;
}
