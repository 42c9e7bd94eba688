import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { stagedApTransactionSchema, type Lineage, type StagedApTransaction } from '@cwb/contracts';
import type { Connector, DiscoveredFile, ReadBatch, ReadContext } from '../connector';
import { MemoryCursorStore } from '../cursor/cursor-store';
import { readIncrementally } from '../cursor/incremental-read';
import { BadRowHaltError } from '../tabular/bad-row-policy';
import { countsSummariser, GoldenBuilder, paymentsSummariser, readGolden, writeGolden } from './golden-file';

/** One sample the connector must read to exactly its golden record. */
export interface ConformanceSample {
  /** Test name and the lineage `source_file`. */
  name: string;
  /** Raw config (before the connector's spec parses it) for exactly this file. */
  config: Record<string, unknown>;
  /** Path of the golden JSON file; written when CWB_UPDATE_GOLDEN=1, compared otherwise (a missing file fails). */
  golden: string;
}

export interface ConformanceSuite<Spec, Row extends Lineage = StagedApTransaction> {
  connector: Connector<Spec, Row>;
  /**
   * The record kind's staged-row contract (@cwb/contracts) every row must satisfy; default
   * payments (stagedApTransactionSchema, whose golden summary adds up the amounts). Any other
   * kind (workforce, land, grants, organisations) gives its own, and its golden summary counts.
   */
  row_schema?: z.ZodType<Row>;
  /** Extra checks on every batch (a kind's own rules: e.g. no personal field in workforce rows). */
  check_batch?: (batch: ReadBatch<Row>) => void;
  valid_configs: Record<string, unknown>[];
  invalid_configs: { config: unknown; problem: RegExp }[];
  samples: ConformanceSample[];
  /** A config whose file has at least one bad row, with the reason expected for it. */
  bad_row: { config: Record<string, unknown>; reason: string };
  /** Files the connector must reject outright, with the reason expected. */
  rejected?: { name: string; config: Record<string, unknown>; reason: RegExp }[];
  /** Spec keys used to set the bad-row policy and batch size (defaults match the SDK's tabular spec). */
  keys?: { policy?: string; batch_size?: string };
}

const BATCH = 500;

function context(name: string): ReadContext {
  return { load_id: 'conformance', anchor_id: 'conformance-anchor', source_file: name };
}

async function onlyFile<Spec, Row>(connector: Connector<Spec, Row>, spec: Spec): Promise<DiscoveredFile> {
  const files = await connector.discover(spec);
  expect(files, 'a sample config must discover exactly one file').toHaveLength(1);
  return files[0] as DiscoveredFile;
}

async function collect<Spec, Row>(connector: Connector<Spec, Row>, spec: Spec, name: string): Promise<ReadBatch<Row>[]> {
  const file = await onlyFile(connector, spec);
  const batches: ReadBatch<Row>[] = [];
  for await (const batch of connector.read(file, spec, context(name))) batches.push(batch);
  return batches;
}

/**
 * The conformance kit every connector runs: config validation, golden records for each sample,
 * bounded batches where every record lands in exactly one list with lineage, a second
 * incremental read that yields nothing new, and the three bad-row policies.
 */
export function describeConformance<Spec, Row extends Lineage = StagedApTransaction>(suite: ConformanceSuite<Spec, Row>): void {
  const { connector } = suite;
  const rowSchema: z.ZodType<unknown> = suite.row_schema ?? stagedApTransactionSchema;
  const summariser = () => (suite.row_schema ? countsSummariser() : paymentsSummariser());
  const policyKey = suite.keys?.policy ?? 'on_bad_row';
  const batchKey = suite.keys?.batch_size ?? 'batch_size';
  const parse = (config: Record<string, unknown>) => connector.spec.parse(config);

  describe(`connector ${connector.name}: conformance`, () => {
    it('accepts valid configs', () => {
      for (const config of suite.valid_configs) expect(() => parse(config)).not.toThrow();
    });

    it('rejects invalid configs with a message that names the problem', () => {
      for (const { config, problem } of suite.invalid_configs) {
        const result = connector.spec.safeParse(config);
        expect(result.success, `config ${JSON.stringify(config)} should be rejected`).toBe(false);
        if (!result.success) {
          const message = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
          expect(message).toMatch(problem);
        }
      }
    });

    for (const sample of suite.samples) {
      it(`reads ${sample.name} in bounded batches to its golden record`, async () => {
        const spec = parse({ ...sample.config, [batchKey]: BATCH });
        const batches = await collect(connector, spec, sample.name);
        const builder = new GoldenBuilder(summariser());
        const lines = new Set<number>();
        for (const batch of batches) {
          expect(batch.rows.length + batch.quarantined.length + batch.skipped.length).toBeLessThanOrEqual(BATCH);
          for (const entry of [...batch.rows, ...batch.quarantined, ...batch.skipped]) {
            expect(lines.has(entry.source_line), `line ${entry.source_line} placed twice`).toBe(false);
            lines.add(entry.source_line);
            expect(entry.load_id).toBe('conformance');
            expect(entry.source_file).toBe(sample.name);
          }
          for (const row of batch.rows) expect(rowSchema.safeParse(row).success).toBe(true);
          suite.check_batch?.(batch);
          builder.add(batch);
        }
        const golden = builder.build(sample.name);
        const stored = await readGolden(sample.golden);
        if (process.env.CWB_UPDATE_GOLDEN === '1') {
          await writeGolden(sample.golden, golden);
          return;
        }
        if (stored === null) {
          throw new Error(`${sample.golden}: no golden file; review the read, then run with CWB_UPDATE_GOLDEN=1 to write it`);
        }
        expect(golden.summary).toEqual(stored.summary);
        expect(golden.quarantined).toEqual(stored.quarantined);
        expect(golden.skipped).toEqual(stored.skipped);
        expect(golden.first_rows).toEqual(stored.first_rows);
        expect(golden.rows_sha256).toBe(stored.rows_sha256);
      });
    }

    it('a second incremental read yields nothing new', async () => {
      const sample = suite.samples[0];
      if (!sample) throw new Error('the conformance suite needs at least one sample');
      const spec = parse(sample.config);
      const store = new MemoryCursorStore();
      const first: string[] = [];
      for await (const event of readIncrementally(connector, spec, store, () => context(sample.name))) first.push(event.kind);
      expect(first).toContain('batch');
      const second: string[] = [];
      for await (const event of readIncrementally(connector, spec, store, () => context(sample.name))) second.push(event.kind);
      expect(second).toEqual(['unchanged']);
    });

    it('quarantines, skips or halts on a bad row, as configured', async () => {
      const reason = suite.bad_row.reason;
      const quarantine = await collect(connector, parse({ ...suite.bad_row.config, [policyKey]: 'quarantine' }), 'bad-row');
      const quarantined = quarantine.flatMap((batch) => batch.quarantined);
      expect(quarantined.map((entry) => entry.reason)).toContain(reason);
      const rowsLoaded = quarantine.reduce((sum, batch) => sum + batch.rows.length, 0);

      const skip = await collect(connector, parse({ ...suite.bad_row.config, [policyKey]: 'skip' }), 'bad-row');
      expect(skip.flatMap((batch) => batch.quarantined)).toHaveLength(0);
      expect(skip.flatMap((batch) => batch.skipped).map((entry) => entry.reason)).toContain(reason);
      expect(skip.reduce((sum, batch) => sum + batch.rows.length, 0)).toBe(rowsLoaded);

      await expect(collect(connector, parse({ ...suite.bad_row.config, [policyKey]: 'halt' }), 'bad-row')).rejects.toThrow(
        BadRowHaltError,
      );
    });

    for (const rejected of suite.rejected ?? []) {
      it(`rejects ${rejected.name} with a reason`, async () => {
        await expect(collect(connector, parse(rejected.config), rejected.name)).rejects.toThrow(rejected.reason);
      });
    }
  });
}
