/// <reference path="../../../test/setup/provided-context.d.ts" />
import { describe, expect, inject, it } from 'vitest';
import { compareSpend } from './compare';
import { runBench } from './run-bench';
import { scales } from './scales';

/**
 * The `small` bench end to end (CI smoke: correctness, not speed): generated files in the real
 * layouts through separate cwb-worker processes on real Redis and DuckDB, the DuckDB-only baseline
 * on the same files, and an incremental refresh after one file changed.
 */
describe('end-to-end bench, small scale', () => {
  it('loses no row, and the pipeline and the baseline give the same local-spend share', async () => {
    const report = await runBench({ scale: scales.small, seed: 7, reps: 1, extractProcesses: 2, redisUrl: inject('redisUrl'), targeted: false });

    // rows in = loaded + quarantined + skipped, per file, and each as the generator wrote them
    expect(report.correctness.rowBalanceProblems).toEqual([]);
    expect(report.correctness.rowsBalanced).toBe(true);
    const quirks = report.reps[0];
    expect(quirks).toBeDefined();

    // the same money in the same anchor × financial year × band, on both sides and in the truth
    expect(report.correctness.pipelineVsTruth.mismatches).toEqual([]);
    expect(report.correctness.baselineVsTruth.mismatches).toEqual([]);
    expect(report.correctness.pipelineVsBaseline.mismatches).toEqual([]);
    expect(report.correctness.pipelineVsBaseline.compared).toBeGreaterThan(30);
    const share = report.correctness.localShare;
    expect(share.pipeline.home_area).toBeGreaterThan(0);
    expect(share.pipeline.home_area).toBeCloseTo(share.baseline.home_area, 9);
    expect(share.pipeline.unknown_location).toBeCloseTo(share.baseline.unknown_location, 9);

    // one file changed: only it is extracted again, and the figures follow the new file
    expect(report.incremental?.incrementalExtractJobs).toBe(1);
    expect(report.incremental?.afterIncrementalVsTruth.mismatches).toEqual([]);

    // every worker process was measured
    expect(report.reps[0]?.pipeline.processes.map((p) => p.role).sort()).toEqual(['enrich', 'extract-1', 'extract-2', 'load', 'refresh']);
    expect(Math.min(...(report.reps[0]?.pipeline.processes.map((p) => p.peakRssMb) ?? [0]))).toBeGreaterThan(0);
  }, 180_000);

  it('the comparison catches a one-penny difference', () => {
    const row = { anchor_id: 'a', financial_year: '2022-23', location_band: 'home_area', pence: 100, payments: 1 };
    expect(compareSpend([row], [row]).equal).toBe(true);
    expect(compareSpend([row], [{ ...row, pence: 101 }]).equal).toBe(false);
    expect(compareSpend([row], []).equal).toBe(false);
  });
});
