import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { provideRedis } from '@cwb/redis-runtime';
import type { BaselineInput, BaselineResult } from './baseline';
import { compareSpend, median, overallShare, truthSpend, type SpendComparison } from './compare';
import { summariseProfiles, type ProfileSummary } from './cpu-profile';
import { generateBenchData, type GeneratedData } from './generate/generate';
import { clearPrefixes, runPipeline, type PipelineRunResult } from './pipeline';
import { runWatched } from './processes';
import type { Scale } from './scales';

const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));
const TSX = import.meta.resolve('tsx');
const REPO = fileURLToPath(new URL('../../..', import.meta.url));

export interface BenchOptions {
  scale: Scale;
  seed: number;
  reps?: number;
  extractProcesses: number;
  /** Profile every worker process (node --cpu-prof) in one extra pipeline run. */
  profile?: boolean;
  keep?: boolean;
  workDir?: string;
  /** Use this Redis (e.g. the test run's) instead of REDIS_URL / a redis-server started for the bench. */
  redisUrl?: string;
  /** Also time a refresh of the changed anchor alone (default true). */
  targeted?: boolean;
  /** Also time one full refresh with 1 extract process when the reps use more (else with 2): does extract scale. */
  scaling?: boolean;
  log?: (line: string) => void;
}

export interface BenchReport {
  date: string;
  scale: Scale;
  seed: number;
  machine: { cores: number; cpu: string; memoryGb: number; freeMemoryGbAtStart: number; loadAverageAtStart: number[]; node: string; platform: string };
  git: { commit: string; uncommittedFilesInTree: number };
  data: GeneratedData['facts'] & { payments: number; anchors: number; files: number };
  reference: { seconds: number; peakRssMb: number; postcodes: number };
  reps: { order: string; pipeline: PipelineSummary; baseline: BaselineSummary }[];
  medians: {
    pipelineRefreshSeconds: number;
    pipelineRowsPerSecond: number;
    baselineSameWorkSeconds: number;
    baselineWithoutPostcodeLoadSeconds: number;
    baselineTotalSeconds: number;
    /** (reference build + refresh) / baseline same work: both start from the same CSV files. */
    ratioFromFiles: number;
    /** refresh / baseline without the postcode load: the recurring refresh, postcode directory already loaded on both sides. */
    ratioRecurring: number;
  };
  correctness: {
    rowsBalanced: boolean;
    rowBalanceProblems: string[];
    pipelineVsTruth: SpendComparison;
    baselineVsTruth: SpendComparison;
    pipelineVsBaseline: SpendComparison;
    localShare: { pipeline: ReturnType<typeof overallShare>; baseline: ReturnType<typeof overallShare>; truth: ReturnType<typeof overallShare> };
  };
  incremental: {
    changedFile: string;
    fullRefreshSeconds: number;
    incrementalSeconds: number;
    incrementalFraction: number;
    incrementalExtractJobs: number;
    /** When each stage of the incremental refresh ended, seconds after enqueue. */
    incrementalStageSpans: PipelineRunResult['stageSpans'];
    targetedSeconds: number | null;
    targetedFraction: number | null;
    afterIncrementalVsTruth: SpendComparison;
    afterTargetedVsTruth: SpendComparison | null;
  } | null;
  matching: BaselineResult['matching'] & { seconds: number; companiesLoadSeconds: number; localShareWithCompanyFallback: BaselineResult['withCompanyFallback']; inPipeline: boolean };
  peakRss: { role: string; maxMb: number }[];
  /** Full refresh by number of extract worker processes (the reps' median, and the one extra run). */
  extractScaling: { processes: number; seconds: number; extractEndsAt: number | null; extractBusySeconds: number | null }[];
  /** Where the time goes: per pipeline stage (last rep) and per baseline phase (median). */
  stages: {
    pipeline: { stage: string; jobs: number; busySeconds: number; firstAt: number | null; endsAt: number | null }[];
    baseline: { phase: string; seconds: number }[];
    readers: PipelineRunResult['readers'];
  };
  profile: ProfileSummary | null;
  targets: { target: string; value: string; met: boolean | null }[];
  notes: string[];
}

interface PipelineSummary {
  seconds: number;
  rowsPerSecond: number;
  startupSeconds: number;
  processes: PipelineRunResult['processes'];
  stageSpans: PipelineRunResult['stageSpans'];
}
type BaselineSummary = Pick<BaselineResult, 'seconds' | 'phases' | 'peakRssMb'> & { sameWorkSeconds: number };

function machine(): BenchReport['machine'] {
  return {
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    freeMemoryGbAtStart: Math.round((freemem() / 2 ** 30) * 10) / 10,
    loadAverageAtStart: loadavg().map((l) => Math.round(l * 100) / 100),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

function git(): BenchReport['git'] {
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: REPO, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: REPO, encoding: 'utf8' }).split('\n').filter(Boolean).length;
    return { commit, uncommittedFilesInTree: dirty };
  } catch {
    return { commit: 'unknown', uncommittedFilesInTree: -1 };
  }
}

function configYaml(data: GeneratedData): string {
  const lines = ['version: 1', 'data_dir: .cwb', 'anchors:'];
  for (const a of data.anchors) {
    lines.push(
      `  - id: ${a.id}`,
      `    name: ${a.name}`,
      `    type: ${a.type}`,
      `    home: { name: "${a.homeName}", lad_codes: [${a.homeLads.join(', ')}] }`,
      `    sources:`,
      `      - path: ${relative(data.dir, a.file)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

async function child<T>(command: 'reference' | 'baseline', input: object): Promise<T & { peakRssMb: number; wallSeconds: number }> {
  const run = await runWatched(command, process.execPath, ['--import', TSX, CHILD, command, JSON.stringify(input)], { ...process.env });
  const result = JSON.parse(run.stdout.trim().split('\n').pop() as string) as T & { peakRssMb: number };
  return { ...result, peakRssMb: Math.max(result.peakRssMb, run.peakRssMb), wallSeconds: run.seconds };
}

/** Every file's rows: read = loaded + quarantined + skipped, and each count equal to the generator's. */
function checkRowBalance(run: PipelineRunResult, data: GeneratedData, baseline: BaselineResult | null): string[] {
  const problems: string[] = [];
  const byAnchor = new Map(run.files.map((f) => [f.anchor_id, f]));
  for (const a of data.anchors) {
    const truth = data.truths.get(a.id);
    const f = byAnchor.get(a.id);
    if (!truth || !f) {
      problems.push(`${a.id}: ${f ? 'no truth' : 'not in raw.source_files'}`);
      continue;
    }
    if (f.rows_read !== f.rows_loaded + f.rows_quarantined + f.rows_skipped) problems.push(`${a.id}: read ${f.rows_read} != loaded ${f.rows_loaded} + quarantined ${f.rows_quarantined} + skipped ${f.rows_skipped}`);
    if (f.rows_read !== truth.rows_in || f.rows_loaded !== truth.loaded || f.rows_quarantined !== truth.quarantined || f.rows_skipped !== truth.skipped) {
      problems.push(`${a.id}: pipeline ${f.rows_read}/${f.rows_loaded}/${f.rows_quarantined}/${f.rows_skipped}, generated ${truth.rows_in}/${truth.loaded}/${truth.quarantined}/${truth.skipped} (in/loaded/quarantined/skipped)`);
    }
    const b = baseline?.files.find((x) => x.anchor_id === a.id);
    if (baseline && (!b || b.rows_in !== truth.rows_in || b.loaded !== truth.loaded || b.quarantined !== truth.quarantined || b.skipped !== truth.skipped)) {
      problems.push(`${a.id}: baseline ${b ? `${b.rows_in}/${b.loaded}/${b.quarantined}/${b.skipped}` : 'missing'}, generated ${truth.rows_in}/${truth.loaded}/${truth.quarantined}/${truth.skipped}`);
    }
  }
  return problems;
}

export async function runBench(options: BenchOptions): Promise<BenchReport> {
  const log = options.log ?? (() => {});
  const { scale } = options;
  const reps = options.reps ?? scale.reps;
  const startMachine = machine();
  const dir = options.workDir ?? mkdtempSync(join(tmpdir(), `cwb-bench-${scale.name}-`));
  const notes: string[] = [];
  const prefixes: string[] = [];
  const redis = options.redisUrl ? { url: options.redisUrl, origin: 'given', stop: async () => {} } : await provideRedis();
  try {
    log(`work dir ${dir}; redis ${redis.origin}`);
    const data = await generateBenchData(dir, scale, options.seed, log);
    log(`generated in ${data.facts.seconds.toFixed(1)} s: ledgers ${(data.facts.ledgerBytes / 2 ** 20).toFixed(0)} MB, ONSPD ${(data.facts.onspdBytes / 2 ** 20).toFixed(0)} MB, companies ${(data.facts.companiesBytes / 2 ** 20).toFixed(0)} MB, PSC ${(data.facts.pscBytes / 2 ** 20).toFixed(0)} MB`);
    const configPath = join(dir, 'cwb.config.yaml');
    writeFileSync(configPath, configYaml(data));
    const referenceDir = join(dir, 'reference-db');

    log('building the postcode reference (child process)');
    const reference = await child<{ seconds: number; postcodes: number }>('reference', { outDir: referenceDir, onspdFile: data.onspdFile, threads: 2 });
    log(`  ${reference.postcodes.toLocaleString('en-GB')} postcodes in ${reference.seconds.toFixed(1)} s, peak RSS ${reference.peakRssMb} MB`);

    const baselineInput: BaselineInput = {
      anchors: data.anchors.map((a) => ({ id: a.id, layout: a.layout, file: a.file, homeLads: a.homeLads })),
      onspdFile: data.onspdFile,
      companiesFile: data.companiesFile,
      suppliersTruthFile: data.suppliersTruthFile,
      threads: 2,
      memoryLimit: '1GB',
      scratchDir: join(dir, 'baseline-scratch'),
    };
    const pipelineRuns: PipelineRunResult[] = [];
    const baselineRuns: BaselineResult[] = [];
    const repReports: BenchReport['reps'] = [];
    let lastDataDir = '';
    let lastPrefix = '';
    for (let r = 0; r < reps; r++) {
      const dataDir = join(dir, `run-${r + 1}`);
      const prefix = `bench-${scale.name}-${r + 1}-${process.pid}`;
      prefixes.push(prefix);
      const runPipelineRep = async () => {
        log(`rep ${r + 1}/${reps}: pipeline`);
        const run = await runPipeline({ configPath, dataDir, referenceDir, redisUrl: redis.url, prefix, extractProcesses: options.extractProcesses, log });
        log(`  ${run.seconds.toFixed(1)} s, ${Math.round(scale.payments / run.seconds).toLocaleString('en-GB')} rows/s; peak RSS ${run.processes.map((p) => `${p.role} ${p.peakRssMb} MB`).join(', ')}`);
        pipelineRuns.push(run);
        return run;
      };
      const runBaselineRep = async () => {
        log(`rep ${r + 1}/${reps}: DuckDB-only baseline`);
        const b = await child<BaselineResult>('baseline', baselineInput);
        log(`  ${b.seconds.toFixed(1)} s (${Object.entries(b.phases).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')}), peak RSS ${b.peakRssMb} MB`);
        baselineRuns.push(b);
        return b;
      };
      // Interleaved, alternating which side goes first, so background load hits both sides alike.
      const order = r % 2 === 0 ? 'pipeline, baseline' : 'baseline, pipeline';
      let run: PipelineRunResult;
      let b: BaselineResult;
      if (r % 2 === 0) {
        run = await runPipelineRep();
        b = await runBaselineRep();
      } else {
        b = await runBaselineRep();
        run = await runPipelineRep();
      }
      const sameWork = b.phases.postcodes + b.phases.transcode + b.phases.ledgers + b.phases.locate_and_share;
      repReports.push({
        order,
        pipeline: { seconds: run.seconds, rowsPerSecond: scale.payments / run.seconds, startupSeconds: run.startupSeconds, processes: run.processes, stageSpans: run.stageSpans },
        baseline: { seconds: b.seconds, phases: b.phases, peakRssMb: b.peakRssMb, sameWorkSeconds: sameWork },
      });
      if (lastDataDir && !options.keep) rmSync(lastDataDir, { recursive: true, force: true });
      lastDataDir = dataDir;
      lastPrefix = prefix;
    }

    const lastRun = pipelineRuns[pipelineRuns.length - 1] as PipelineRunResult;
    const lastBaseline = baselineRuns[baselineRuns.length - 1] as BaselineResult;
    const truth = truthSpend(data.truths.values());
    const rowProblems = pipelineRuns.flatMap((run, i) => checkRowBalance(run, data, baselineRuns[i] ?? null).map((p) => `rep ${i + 1}: ${p}`));
    const pipelineVsTruth = compareSpend(lastRun.spend, truth);
    const baselineVsTruth = compareSpend(lastBaseline.spend, truth);
    const pipelineVsBaseline = compareSpend(lastRun.spend, lastBaseline.spend);
    for (const [i, run] of pipelineRuns.entries()) {
      const c = compareSpend(run.spend, truth);
      if (!c.equal) rowProblems.push(`rep ${i + 1}: pipeline spend differs from the generated truth: ${c.mismatches[0]}`);
    }

    // Incremental refresh: one of the files changes, and the same refresh is enqueued again on the same
    // warehouse and the same Redis prefix (the loaded-file cursors live there), as the nightly run would.
    let incremental: BenchReport['incremental'] = null;
    const changed = data.anchors[Math.min(2, data.anchors.length - 1)];
    if (changed) {
      data.rewriteLedger(changed.index, 1);
      log(`incremental: rewrote ${relative(dir, changed.file)}; refresh again (all anchors)`);
      const inc = await runPipeline({ configPath, dataDir: lastDataDir, referenceDir, redisUrl: redis.url, prefix: lastPrefix, extractProcesses: options.extractProcesses, log });
      const afterIncrementalVsTruth = compareSpend(inc.spend, truthSpend(data.truths.values()));
      rowProblems.push(...checkRowBalance(inc, data, null).map((p) => `incremental: ${p}`));
      let targeted: PipelineRunResult | null = null;
      if (options.targeted ?? true) {
        data.rewriteLedger(changed.index, 2);
        log(`targeted: rewrote it again; refresh only anchor ${changed.id}`);
        targeted = await runPipeline({ configPath, dataDir: lastDataDir, referenceDir, redisUrl: redis.url, prefix: lastPrefix, extractProcesses: options.extractProcesses, anchorIds: [changed.id], log });
        rowProblems.push(...checkRowBalance(targeted, data, null).map((p) => `targeted: ${p}`));
      }
      const afterTargetedVsTruth = targeted ? compareSpend(targeted.spend, truthSpend(data.truths.values())) : null;
      const full = median(pipelineRuns.map((p) => p.seconds));
      incremental = {
        changedFile: relative(dir, changed.file),
        fullRefreshSeconds: full,
        incrementalSeconds: inc.seconds,
        incrementalFraction: inc.seconds / full,
        incrementalExtractJobs: inc.stageSpans.extract?.jobs ?? 0,
        incrementalStageSpans: inc.stageSpans,
        targetedSeconds: targeted?.seconds ?? null,
        targetedFraction: targeted ? targeted.seconds / full : null,
        afterIncrementalVsTruth,
        afterTargetedVsTruth,
      };
      log(`  incremental ${inc.seconds.toFixed(1)} s (${(incremental.incrementalFraction * 100).toFixed(0)}% of full; ${incremental.incrementalExtractJobs} files extracted)${targeted ? `, targeted ${targeted.seconds.toFixed(1)} s` : ''}`);
      log(`  incremental stages end at: ${Object.entries(inc.stageSpans).map(([stage, span]) => `${stage} ${span.last.toFixed(1)} s`).join(', ')}`);
      pipelineRuns.push(inc, ...(targeted ? [targeted] : []));
    }

    const extractScaling: BenchReport['extractScaling'] = [];
    const extractFigures = (run: PipelineRunResult) => ({
      extractEndsAt: run.stageSpans.extract?.last ?? null,
      extractBusySeconds: run.stageBusy.find((stage) => stage.stage === 'extract')?.busySeconds ?? null,
    });
    extractScaling.push({ processes: options.extractProcesses, seconds: median(pipelineRuns.slice(0, reps).map((p) => p.seconds)), ...extractFigures(lastRun) });
    if (options.scaling) {
      const other = options.extractProcesses === 1 ? 2 : 1;
      const prefix = `bench-${scale.name}-scaling-${process.pid}`;
      prefixes.push(prefix);
      log(`scaling: one full refresh with ${other} extract process${other === 1 ? '' : 'es'}`);
      const scaling = await runPipeline({ configPath, dataDir: join(dir, 'run-scaling'), referenceDir, redisUrl: redis.url, prefix, extractProcesses: other, log });
      rowProblems.push(...checkRowBalance(scaling, data, null).map((p) => `scaling: ${p}`));
      const c = compareSpend(scaling.spend, truthSpend(data.truths.values()));
      if (!c.equal) rowProblems.push(`scaling: pipeline spend differs from the generated truth: ${c.mismatches[0]}`);
      extractScaling.push({ processes: other, seconds: scaling.seconds, ...extractFigures(scaling) });
      extractScaling.sort((a, b) => a.processes - b.processes);
      log(`  ${scaling.seconds.toFixed(1)} s with ${other}; extraction ends at ${scaling.stageSpans.extract?.last.toFixed(1) ?? '?'} s`);
      pipelineRuns.push(scaling);
      if (!options.keep) rmSync(join(dir, 'run-scaling'), { recursive: true, force: true });
    }
    const stages: BenchReport['stages'] = {
      pipeline: lastRun.stageBusy.map((stage) => ({
        stage: stage.stage,
        jobs: stage.jobs,
        busySeconds: stage.busySeconds,
        firstAt: lastRun.stageSpans[stage.stage]?.first ?? null,
        endsAt: lastRun.stageSpans[stage.stage]?.last ?? null,
      })),
      baseline: Object.keys(lastBaseline.phases).map((phase) => ({ phase, seconds: median(baselineRuns.map((b) => (b.phases as Record<string, number>)[phase] ?? 0)) })),
      readers: lastRun.readers,
    };

    let profile: ProfileSummary | null = null;
    if (options.profile) {
      const profDir = join(dir, 'profiles');
      log('profiling run: every worker process under node --cpu-prof');
      prefixes.push(`bench-${scale.name}-${reps + 1}-${process.pid}`);
      const profRun = await runPipeline({ configPath, dataDir: join(dir, 'run-profile'), referenceDir, redisUrl: redis.url, prefix: `bench-${scale.name}-${reps + 1}-${process.pid}`, extractProcesses: options.extractProcesses, cpuProfDir: profDir, log });
      profile = summariseProfiles(profDir, profRun.processes);
      profile.runSeconds = profRun.seconds;
      if (!options.keep) rmSync(join(dir, 'run-profile'), { recursive: true, force: true });
    }

    const pipelineSeconds = median(repReports.map((r) => r.pipeline.seconds));
    const sameWork = median(repReports.map((r) => r.baseline.sameWorkSeconds));
    const withoutPostcodes = median(repReports.map((r) => r.baseline.sameWorkSeconds - r.baseline.phases.postcodes));
    const ratioFromFiles = (reference.seconds + pipelineSeconds) / sameWork;
    const ratioRecurring = pipelineSeconds / withoutPostcodes;
    const peakByRole = new Map<string, number>();
    for (const run of pipelineRuns) for (const p of run.processes) peakByRole.set(p.role.replace(/-\d+$/, ''), Math.max(peakByRole.get(p.role.replace(/-\d+$/, '')) ?? 0, p.peakRssMb));
    peakByRole.set('reference build', reference.peakRssMb);
    peakByRole.set('baseline (DuckDB)', Math.max(...baselineRuns.map((b) => b.peakRssMb)));
    const peakRss = [...peakByRole.entries()].map(([role, maxMb]) => ({ role, maxMb }));
    const pipelinePeak = Math.max(...pipelineRuns.flatMap((r) => r.processes.map((p) => p.peakRssMb)), reference.peakRssMb);

    const targets: BenchReport['targets'] = [
      { target: `pipeline within 3x the DuckDB-only baseline at ${scale.name} (from the same CSV files)`, value: `${ratioFromFiles.toFixed(2)}x`, met: scale.name === 'small' ? null : ratioFromFiles <= 3 },
      { target: `pipeline within 3x the DuckDB-only baseline at ${scale.name} (recurring refresh, postcodes already loaded)`, value: `${ratioRecurring.toFixed(2)}x`, met: scale.name === 'small' ? null : ratioRecurring <= 3 },
      { target: 'incremental refresh (1 file changed) under 10% of the full refresh', value: incremental ? `${(incremental.incrementalFraction * 100).toFixed(1)}%` : 'not run', met: incremental && scale.name !== 'small' ? incremental.incrementalFraction < 0.1 : null },
      ...(extractScaling.length > 1
        ? [{ target: 'extract scales: the full refresh with 2 extract processes faster than with 1', value: extractScaling.map((e) => `${e.processes}: ${e.seconds.toFixed(1)} s`).join(', '), met: (extractScaling.find((e) => e.processes === 2)?.seconds ?? Infinity) < (extractScaling.find((e) => e.processes === 1)?.seconds ?? 0) }]
        : []),
      { target: `peak RSS of every process under 1 GB (at ${scale.name}; the target is at large)`, value: `${pipelinePeak} MB`, met: pipelinePeak < 1024 },
      { target: 'the incremental refresh re-reads only the changed file', value: incremental ? `${incremental.incrementalExtractJobs} of ${data.anchors.length} files extracted` : 'not run', met: incremental ? incremental.incrementalExtractJobs === 1 : null },
      { target: 'no row lost: rows in = loaded + quarantined + skipped, per file, every run', value: rowProblems.length === 0 ? 'balanced' : `${rowProblems.length} problems`, met: rowProblems.length === 0 },
      { target: 'pipeline and baseline give the same local-spend share', value: pipelineVsBaseline.equal ? `equal (${pipelineVsBaseline.compared} cells, max share diff ${pipelineVsBaseline.maxShareDifference})` : `${pipelineVsBaseline.mismatches.length} mismatches`, met: pipelineVsBaseline.equal },
    ];
    notes.push(
      'Supplier location in both pipeline and baseline is the AP file\'s own supplier-postcode column: the bench config gives the pipeline no registers database, so its enrich stage matches no suppliers (matching is benchmarked in packages/companies-house and packages/matching), and the baseline\'s name normalisation and exact match to BasicCompanyData are timed and scored separately, not in the ratio.',
      'The baseline transcodes Windows-1252 exports to UTF-8 in Node before DuckDB reads them (DuckDB\'s built-in latin-1 reader rejects bytes 0x80-0x9F, and the encodings extension needs a download); that time is inside the baseline figure.',
      `The pipeline runs ${options.extractProcesses} extract worker processes plus one each for refresh, enrich and load; timings are from enqueue to snapshot published and exclude worker start-up (median ${median(repReports.map((r) => r.pipeline.startupSeconds)).toFixed(1)} s).`,
      `Load average at start ${startMachine.loadAverageAtStart.join(' / ')} on ${startMachine.cores} cores: other engineers' tests share this machine, so figures are noisy; each rep runs both sides back to back, alternating which goes first.`,
    );
    const report: BenchReport = {
      date: new Date().toISOString(),
      scale,
      seed: options.seed,
      machine: startMachine,
      git: git(),
      data: { ...data.facts, payments: scale.payments, anchors: data.anchors.length, files: data.anchors.length },
      reference: { seconds: reference.seconds, peakRssMb: reference.peakRssMb, postcodes: reference.postcodes },
      reps: repReports,
      medians: {
        pipelineRefreshSeconds: pipelineSeconds,
        pipelineRowsPerSecond: scale.payments / pipelineSeconds,
        baselineSameWorkSeconds: sameWork,
        baselineWithoutPostcodeLoadSeconds: withoutPostcodes,
        baselineTotalSeconds: median(repReports.map((r) => r.baseline.seconds)),
        ratioFromFiles,
        ratioRecurring,
      },
      correctness: {
        rowsBalanced: rowProblems.length === 0,
        rowBalanceProblems: rowProblems.slice(0, 50),
        pipelineVsTruth,
        baselineVsTruth,
        pipelineVsBaseline,
        localShare: { pipeline: overallShare(lastRun.spend), baseline: overallShare(lastBaseline.spend), truth: overallShare(truth) },
      },
      incremental,
      matching: {
        ...lastBaseline.matching,
        seconds: median(baselineRuns.map((b) => b.phases.match)),
        companiesLoadSeconds: median(baselineRuns.map((b) => b.phases.companies)),
        localShareWithCompanyFallback: lastBaseline.withCompanyFallback,
        inPipeline: false,
      },
      peakRss,
      extractScaling,
      stages,
      profile,
      targets,
      notes,
    };
    return report;
  } finally {
    await clearPrefixes(redis.url, prefixes).catch(() => {});
    await redis.stop();
    if (!options.keep && !options.workDir) rmSync(dir, { recursive: true, force: true });
  }
}
