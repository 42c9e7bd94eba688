import { summariseFile, type IngestSummary, type RejectedFile, type TabularApSpecInput } from '@cwb/connector-sdk';
import { transparencySpendConnector } from './transparency-spend-connector';

export type DryRunResult = { kind: 'read'; summary: IngestSummary } | { kind: 'rejected'; rejected: RejectedFile };

/**
 * `cwb ingest --dry-run`: reads every file the config discovers and summarises it, loading
 * nothing. A file that is not payments gives a rejection, not an exception.
 */
export async function dryRunIngest(input: TabularApSpecInput, anchor_id = 'dry-run'): Promise<DryRunResult[]> {
  const connector = transparencySpendConnector;
  const spec = connector.spec.parse(input);
  const results: DryRunResult[] = [];
  for (const file of await connector.discover(spec)) {
    results.push(await summariseFile(connector, file, spec, { anchor_id, source_file: file.display_path }));
  }
  return results;
}
