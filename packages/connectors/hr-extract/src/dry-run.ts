import { ephemeralHashKey } from './employee-key';
import { hrExtractConnector, type HrExtractSpecInput } from './hr-extract-connector';
import { summariseHrFile, type HrSummaryResult } from './hr-ingest-summary';

/**
 * `cwb ingest <hr-file> --kind hr --dry-run`: reads and summarises every file the spec
 * discovers, keeping nothing. Rows go through the same privacy step as a real ingest, with a
 * throwaway key (nothing is stored, so the deployment key is not needed); home postcodes are
 * located when a reference is given.
 */
export async function dryRunHrIngest(
  input: HrExtractSpecInput,
  options: { anchor_id?: string; reference_path?: string | null } = {},
): Promise<HrSummaryResult[]> {
  const key = ephemeralHashKey();
  const connector = hrExtractConnector({ hashKey: () => key });
  const spec = connector.spec.parse(input);
  const results: HrSummaryResult[] = [];
  for (const file of await connector.discover(spec)) {
    results.push(
      await summariseHrFile(connector, file, spec, {
        anchor_id: options.anchor_id ?? 'dry-run',
        source_file: file.display_path,
        reference_path: options.reference_path ?? null,
      }),
    );
  }
  return results;
}
