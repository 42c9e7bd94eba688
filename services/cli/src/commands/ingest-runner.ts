import { resolve } from 'node:path';
import type { LoadedConfig } from '@cwb/config';
import { runRefreshLocally } from '../local-run';
import type { ConfigOptions } from './common-options';
import type { IngestRunner } from './ingest';

/**
 * A real `cwb ingest`: loads one file for one configured anchor through the whole
 * pipeline (extract → enrich → load → build-models) and prints the load counts.
 */
export function ingestRunner(loadConfigured: (options: ConfigOptions) => Promise<LoadedConfig>): IngestRunner {
  return async ({ path, anchor_id, spec, connector, json, config }) => {
    const loaded = await loadConfigured(config);
    const { path: _path, ...options } = spec as Record<string, unknown> & { path: string };
    const result = await runRefreshLocally(loaded, {
      anchorIds: [anchor_id],
      command: 'cwb ingest',
      sources: [{ kind: 'file', path: resolve(path), connector: connector ?? 'transparency-spend', options }],
    });
    if (json) {
      process.stdout.write(`${JSON.stringify(result)}\n`);
    } else {
      process.stdout.write(`run ${result.run_id}: ${result.files_loaded} file(s) loaded, ${result.files_failed} failed\n`);
      for (const f of result.failures) process.stdout.write(`  failed: ${f.job}: ${f.reason}\n`);
    }
    if (result.files_failed > 0) process.exitCode = 1;
  };
}
