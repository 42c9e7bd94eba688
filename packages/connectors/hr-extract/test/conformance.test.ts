import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { stagedWorkforceRecordSchema, type StagedWorkforceRecord } from '@cwb/contracts';
import { BadRowHaltError, FileRejectedError, type ReadBatch, type ReadContext } from '@cwb/connector-sdk';
import { describeConformance } from '@cwb/connector-sdk/conformance';
import { hrExtractConnector, hrExtractMappingsDir, loadWorkforceMappingFolder, type HrExtractSpecInput } from '../src/index';

// The SDK's conformance kit (valid and invalid config, golden records, every record in exactly
// one list with lineage, bounded batches, a second incremental read yields nothing, the three
// bad-row policies, rejection of files that are not HR extracts), run on the HR connector with
// the workforce record's contract; then the HR connector's own rules (privacy, hash key).

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const golden = (name: string) => fileURLToPath(new URL(`./golden/${name}.json`, import.meta.url));
const KEY = 'conformance-key-0123456789abcdef0123456789abcdef';
const connector = hrExtractConnector({ hashKey: () => KEY });
const context = (name: string): ReadContext => ({ load_id: 'conformance', anchor_id: 'conformance-anchor', source_file: name, reference_path: null });

async function collect(input: HrExtractSpecInput, name = 'sample'): Promise<ReadBatch<StagedWorkforceRecord>[]> {
  const spec = connector.spec.parse(input);
  const [file, ...rest] = await connector.discover(spec);
  expect(rest).toHaveLength(0);
  const batches: ReadBatch<StagedWorkforceRecord>[] = [];
  for await (const batch of connector.read(file!, spec, context(name))) batches.push(batch);
  return batches;
}

const SAMPLES = [
  { file: 'sunderland-staff-in-post-2025-03.csv', mapping: 'generic', rows: 20, quarantined: 1, skipped: 1 },
  { file: 'london-trust-esr-staff-in-post-2025-03.csv', mapping: 'nhs-esr', rows: 16, quarantined: 1, skipped: 0 },
  { file: 'university-itrent-2025-07.csv', mapping: 'itrent', rows: 3, quarantined: 1, skipped: 0 },
];

describeConformance({
  connector,
  row_schema: stagedWorkforceRecordSchema,
  check_batch: (batch) => {
    for (const row of batch.rows) expect(Object.keys(row).filter((key) => ['employee_ref', 'home_postcode', 'name', 'date_of_birth'].includes(key))).toEqual([]);
    for (const entry of [...batch.quarantined, ...batch.skipped]) expect(entry.raw).toBeNull();
  },
  valid_configs: [
    { path: 'hr/*.csv' },
    { path: 'esr.csv', mapping: 'nhs-esr', snapshot_date: '2025-03-31', on_bad_row: 'halt', batch_size: 100 },
    { path: 'book.xlsx', sheet: 'Staff', encoding: 'windows-1252', delimiter: ';', date_order: 'dmy' },
  ],
  invalid_configs: [
    { config: {}, problem: /path/ },
    { config: { path: 'a.csv', snapshot_date: '31/03/2025' }, problem: /snapshot_date is an ISO date/ },
    { config: { path: 'a.csv', on_bad_row: 'ignore' }, problem: /on_bad_row/ },
    { config: { path: 'a.csv', batch_size: 0 }, problem: /batch_size/ },
    { config: { path: 'a.csv', hash_key: 'x' }, problem: /hash_key|Unrecognized/ },
  ],
  samples: ['sunderland-staff-in-post-2025-03.csv', 'london-trust-esr-staff-in-post-2025-03.csv', 'university-itrent-2025-07.csv'].map((file) => ({
    name: file,
    config: { path: fixture(file) },
    golden: golden(file.replace(/\.csv$/, '')),
  })),
  bad_row: { config: { path: fixture('university-itrent-2025-07.csv') }, reason: 'unparseable pay' },
  rejected: [{ name: 'a budget file', config: { path: fixture('not-hr-budget.csv') }, reason: /no mapping fits the header/ }],
});

describe('connector hr-extract: its own rules', () => {
  it('ships mapping files that all validate, each saying which documentation it is based on', async () => {
    const mappings = await loadWorkforceMappingFolder(hrExtractMappingsDir);
    expect(mappings.map((m) => m.name).sort()).toEqual(['generic', 'itrent', 'nhs-esr']);
    for (const mapping of mappings) expect(mapping.based_on.length).toBeGreaterThan(50);
  });

  it.each(SAMPLES)('reads $file in bounded batches: every record once, with lineage, valid and pseudonymised', async (sample) => {
    const batches = await collect({ path: fixture(sample.file), batch_size: 4 }, sample.file);
    const lines = new Set<number>();
    let rows = 0;
    let quarantined = 0;
    let skipped = 0;
    for (const batch of batches) {
      expect(batch.facts.mapping).toBe(sample.mapping);
      expect(batch.rows.length + batch.quarantined.length + batch.skipped.length).toBeLessThanOrEqual(4);
      for (const entry of [...batch.rows, ...batch.quarantined, ...batch.skipped]) {
        expect(lines.has(entry.source_line), `line ${entry.source_line} placed twice`).toBe(false);
        lines.add(entry.source_line);
        expect(entry).toMatchObject({ load_id: 'conformance', source_file: sample.file });
      }
      for (const row of batch.rows) {
        expect(stagedWorkforceRecordSchema.safeParse(row).success).toBe(true);
        expect(Object.keys(row)).not.toContain('employee_ref');
        expect(Object.keys(row)).not.toContain('home_postcode');
      }
      for (const entry of [...batch.quarantined, ...batch.skipped]) expect(entry.raw).toBeNull();
      rows += batch.rows.length;
      quarantined += batch.quarantined.length;
      skipped += batch.skipped.length;
    }
    expect({ rows, quarantined, skipped }).toEqual({ rows: sample.rows, quarantined: sample.quarantined, skipped: sample.skipped });
  });

  it('quarantines, skips or halts on a bad row, as configured, and the halt message carries no personal value', async () => {
    const path = fixture('university-itrent-2025-07.csv');
    const quarantine = (await collect({ path, on_bad_row: 'quarantine' })).flatMap((b) => b.quarantined);
    expect(quarantine.map((q) => [q.source_line, q.reason])).toEqual([[5, 'unparseable pay']]);
    const skip = await collect({ path, on_bad_row: 'skip' });
    expect(skip.flatMap((b) => b.quarantined)).toHaveLength(0);
    expect(skip.flatMap((b) => b.skipped).map((s) => s.reason)).toEqual(['unparseable pay']);
    const halted = collect({ path, on_bad_row: 'halt' });
    await expect(halted).rejects.toThrow(BadRowHaltError);
    await expect(halted).rejects.not.toThrow(/P0004|Patel|SR5 2AA|04\/04\/1985/);
  });

  it('rejects a file that is not an HR extract, naming its columns and the layouts it knows', async () => {
    await expect(collect({ path: fixture('not-hr-budget.csv') })).rejects.toThrow(FileRejectedError);
    await expect(collect({ path: fixture('not-hr-budget.csv') })).rejects.toThrow(/no mapping fits the header \(columns: Cost Centre, Budget 2024-25, Forecast\)/);
  });

  it('refuses to read without a hash key, saying how to set one', async () => {
    const { hashKeyFromEnvironment } = await import('../src/index');
    const keyless = hrExtractConnector({ hashKey: () => hashKeyFromEnvironment({}) });
    const spec = keyless.spec.parse({ path: fixture('university-itrent-2025-07.csv') });
    const [file] = await keyless.discover(spec);
    const read = async () => {
      for await (const _batch of keyless.read(file!, spec, context('x'))) void _batch;
    };
    await expect(read()).rejects.toThrow(/CWB_HASH_KEY is not set.*openssl rand -hex 32/);
    expect(() => hashKeyFromEnvironment({ CWB_HASH_KEY: 'short' })).toThrow(/at least 32/);
  });
});
