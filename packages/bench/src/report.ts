import type { BenchReport } from './run-bench';

const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
const s = (x: number) => `${x.toFixed(1)} s`;
const n = (x: number) => Math.round(x).toLocaleString('en-GB');

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => `  ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ')}`).join('\n');
}

/** The printed table: what ran, the medians, the ratio, the checks and the targets. */
export function formatReport(r: BenchReport): string {
  const m = r.medians;
  const out: string[] = [];
  out.push('', `cwb end-to-end bench, scale ${r.scale.name} (seed ${r.seed}), ${r.machine.cores} cores, ${r.machine.memoryGb} GB, ${r.machine.cpu}, node ${r.machine.node}`);
  out.push(`  data: ${n(r.data.payments)} payments in ${r.data.files} files (${(r.data.ledgerBytes / 2 ** 20).toFixed(0)} MB), ${n(r.scale.postcodes)} postcodes, ${n(r.data.companies)} companies, ${n(r.scale.psc)} PSC lines; generated in ${s(r.data.seconds)}`);
  out.push('', 'runs (each rep runs both sides back to back):');
  out.push(
    table([
      ['rep', 'order', 'pipeline', 'rows/s', 'baseline same work', 'baseline total', 'ratio'],
      ...r.reps.map((rep, i) => [
        String(i + 1),
        rep.order,
        s(rep.pipeline.seconds),
        n(rep.pipeline.rowsPerSecond),
        s(rep.baseline.sameWorkSeconds),
        s(rep.baseline.seconds),
        `${(rep.pipeline.seconds / (rep.baseline.sameWorkSeconds - rep.baseline.phases.postcodes)).toFixed(2)}x`,
      ]),
    ]),
  );
  out.push('', 'medians:');
  out.push(
    table([
      ['figure', 'value'],
      ['reference build (2 threads, child process)', `${s(r.reference.seconds)}, ${r.reference.peakRssMb} MB`],
      ['pipeline refresh (enqueue → snapshot published)', s(m.pipelineRefreshSeconds)],
      ['pipeline throughput', `${n(m.pipelineRowsPerSecond)} rows/s`],
      ['baseline: postcodes + ledgers + share', s(m.baselineSameWorkSeconds)],
      ['baseline: ledgers + share (postcodes already loaded)', s(m.baselineWithoutPostcodeLoadSeconds)],
      ['ratio from files: (reference + refresh) / baseline', `${m.ratioFromFiles.toFixed(2)}x`],
      ['ratio recurring: refresh / baseline w/o postcode load', `${m.ratioRecurring.toFixed(2)}x`],
    ]),
  );
  if (r.incremental) {
    const inc = r.incremental;
    out.push('', `incremental refresh (${inc.changedFile} changed):`);
    out.push(
      table([
        ['run', 'seconds', 'of full', 'files extracted', 'share check'],
        ['full refresh (median)', s(inc.fullRefreshSeconds), '100%', String(r.data.files), ''],
        ['refresh again, all anchors', s(inc.incrementalSeconds), pct(inc.incrementalFraction), String(inc.incrementalExtractJobs), inc.afterIncrementalVsTruth.equal ? 'equal to truth' : 'DIFFERS'],
        ...(inc.targetedSeconds !== null && inc.targetedFraction !== null
          ? [['refresh of the changed anchor only', s(inc.targetedSeconds), pct(inc.targetedFraction), '1', inc.afterTargetedVsTruth?.equal ? 'equal to truth' : 'DIFFERS']]
          : []),
      ]),
    );
  }
  out.push('', 'where the time goes, pipeline (last rep; busy = the stage\'s jobs\' processing seconds summed over processes; seconds after enqueue):');
  out.push(
    table([
      ['stage', 'jobs', 'busy s', 'first job ends', 'last job ends'],
      ...r.stages.pipeline.map((p) => [p.stage, String(p.jobs), p.busySeconds.toFixed(1), p.firstAt === null ? '' : s(p.firstAt), p.endsAt === null ? '' : s(p.endsAt)]),
    ]),
  );
  if (r.stages.readers) {
    out.push(`  readers: ${r.stages.readers.duckdb} file(s) read by DuckDB, ${r.stages.readers.node} row by row`);
    for (const f of r.stages.readers.row_by_row.slice(0, 5)) out.push(`    row by row: ${f.source_file ?? '?'}: ${f.reason}`);
  }
  out.push('', 'where the time goes, baseline (median per phase):');
  out.push(table([['phase', 'seconds'], ...r.stages.baseline.map((p) => [p.phase, p.seconds.toFixed(1)])]));
  if (r.extractScaling.length > 0) {
    out.push('', 'full refresh by extract worker processes:');
    out.push(
      table([
        ['extract processes', 'refresh', 'extraction ends', 'extract busy s', 'ratio recurring'],
        ...r.extractScaling.map((e) => [
          String(e.processes),
          s(e.seconds),
          e.extractEndsAt === null ? '' : s(e.extractEndsAt),
          e.extractBusySeconds === null ? '' : e.extractBusySeconds.toFixed(1),
          `${(e.seconds / m.baselineWithoutPostcodeLoadSeconds).toFixed(2)}x`,
        ]),
      ]),
    );
  }
  out.push('', 'peak RSS by process (max over runs):');
  out.push(table([['process', 'MB'], ...r.peakRss.map((p) => [p.role, String(p.maxMb)])]));
  const last = r.reps[r.reps.length - 1];
  if (last) {
    out.push('', 'CPU seconds per worker process (last rep):');
    out.push(table([['process', 'cpu s', 'peak MB'], ...last.pipeline.processes.map((p) => [p.role, p.cpuSeconds.toFixed(1), String(p.peakRssMb)])]));
  }
  const c = r.correctness;
  out.push('', 'correctness:');
  out.push(
    table([
      ['check', 'result'],
      ['rows in = loaded + quarantined + skipped (every file, every run)', c.rowsBalanced ? 'yes' : `NO: ${c.rowBalanceProblems[0]}`],
      ['pipeline = generated truth (pence, payments per anchor × FY × band)', c.pipelineVsTruth.equal ? `yes (${c.pipelineVsTruth.compared} cells)` : `NO: ${c.pipelineVsTruth.mismatches[0]}`],
      ['baseline = generated truth', c.baselineVsTruth.equal ? `yes (${c.baselineVsTruth.compared} cells)` : `NO: ${c.baselineVsTruth.mismatches[0]}`],
      ['pipeline share_of_spend = baseline share', c.pipelineVsBaseline.equal ? `yes (max diff ${c.pipelineVsBaseline.maxShareDifference})` : `NO: ${c.pipelineVsBaseline.mismatches[0]}`],
      ['local-spend share (home area), pipeline / baseline / truth', `${pct(c.localShare.pipeline.home_area)} / ${pct(c.localShare.baseline.home_area)} / ${pct(c.localShare.truth.home_area)}`],
      ['unknown location, pipeline / baseline', `${pct(c.localShare.pipeline.unknown_location)} / ${pct(c.localShare.baseline.unknown_location)}`],
    ]),
  );
  const mt = r.matching;
  out.push('', `supplier matching, baseline only (${mt.inPipeline ? 'also in the pipeline' : 'the bench runs the pipeline without a registers database'}):`);
  out.push(
    table([
      ['figure', 'value'],
      ['companies load (BasicCompanyData CSV → table)', s(mt.companiesLoadSeconds)],
      ['exact match of distinct published names', `${s(mt.seconds)} for ${n(mt.published_names)} names`],
      ['precision / recall against the ground truth', `${pct(mt.precision)} / ${pct(mt.recall)} (${n(mt.correct)} correct, ${n(mt.wrong)} wrong, ${n(mt.ambiguous)} ambiguous)`],
      ['home-area share if matched companies located the rest', `${pct(mt.localShareWithCompanyFallback.home_area)} (unknown ${pct(mt.localShareWithCompanyFallback.unknown_location)})`],
    ]),
  );
  if (r.profile) {
    out.push('', `profile (node --cpu-prof, run of ${s(r.profile.runSeconds ?? 0)}):`);
    for (const p of r.profile.processes) {
      out.push(`  ${p.role}: ${p.profiledSeconds.toFixed(1)} s profiled, ${p.idlePercent}% idle; by package: ${p.byPackage.slice(0, 5).map((b) => `${b.where} ${b.percent}%`).join(', ')}`);
      for (const f of p.topFunctions.slice(0, 6)) out.push(`      ${String(f.selfPercent).padStart(5)}%  ${f.fn}  (${f.where})`);
    }
  }
  out.push('', 'targets:');
  out.push(table([['target', 'value', 'met'], ...r.targets.map((t) => [t.target, t.value, t.met === null ? 'n/a at this scale' : t.met ? 'MET' : 'NOT MET'])]));
  out.push('', 'notes:', ...r.notes.map((x) => `  - ${x}`), '');
  return out.join('\n');
}
