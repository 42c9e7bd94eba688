import { mkdir, rm } from 'node:fs/promises';
import { stat } from 'node:fs/promises';
import { FileRejectedError } from '@cwb/connector-sdk';
import { REFUSED_PREFIX } from '../failure-cause';
import { extractJobSchema, type ExtractResult } from '@cwb/contracts';
import type { Logger } from '@cwb/logger';
import { parsePayload, UnrecoverableError, type StageJob } from '@cwb/queue';
import { connectorByName, recordKindOf } from '../connector-registry';
import { NdjsonWriter } from '../ndjson-writer';
import { stagedFilePaths } from '../staging-paths';

/**
 * Extract: parse one source file with its connector into staged NDJSON batches on shared
 * storage: canonical rows, and rejected records (quarantined or skipped, each with its
 * reason). Rows never travel through Redis: only paths and counts do.
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
    const rows = new NdjsonWriter(paths.rows);
    const rejected = new NdjsonWriter(paths.rejected);
    const loadId = `${data.run_id}-${data.source_file_id}`;
    let quarantined = 0;
    let skipped = 0;
    let facts: { mapping: string | null; encoding: string | null } = { mapping: null, encoding: null };
    try {
      const info = await stat(data.source_file).catch(() => {
        throw new UnrecoverableError(`${data.source_file_display}: file not found or unreadable`);
      });
      const spec = connector.spec.parse({
        ...data.options,
        path: data.source_file,
        ...(data.mapping ? { mapping: data.mapping } : {}),
      });
      const batches = connector.read(
        { path: data.source_file, display_path: data.source_file_display, size: info.size, mtime_ms: info.mtimeMs },
        spec,
        { load_id: loadId, anchor_id: data.anchor_id, source_file: data.source_file_display, reference_path: data.reference_path },
      );
      let lastProgress = Date.now();
      for await (const batch of batches) {
        facts = { mapping: batch.facts.mapping, encoding: batch.facts.encoding };
        await rows.write(batch.rows);
        await rejected.write(batch.quarantined.map((r) => ({ ...r, disposition: 'quarantined' })));
        await rejected.write(batch.skipped.map((r) => ({ ...r, disposition: 'skipped' })));
        quarantined += batch.quarantined.length;
        skipped += batch.skipped.length;
        if (Date.now() - lastProgress > 1000) {
          lastProgress = Date.now();
          await job.updateProgress({ rows: rows.count + rejected.count });
        }
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
    } finally {
      await rows.close();
      await rejected.close();
    }
    const result: ExtractResult = {
      source_file_id: data.source_file_id,
      rows_path: paths.rows,
      quarantine_path: paths.rejected,
      rows_read: rows.count + quarantined + skipped,
      rows_staged: rows.count,
      rows_quarantined: quarantined,
      rows_skipped: skipped,
      mapping: facts.mapping,
      encoding: facts.encoding,
      record_kind: recordKindOf(data.connector),
    };
    log.info(
      { rows_read: result.rows_read, rows_staged: result.rows_staged, rows_quarantined: quarantined, rows_skipped: skipped, mapping: facts.mapping },
      'extracted source file',
    );
    return result;
  };
}
