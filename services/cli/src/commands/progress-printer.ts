import { statSync } from 'node:fs';
import type { BuildProgress } from '@cwb/reference';
import { progressBar, progressSilenced, type ProgressBar, type ProgressStream } from '../output/progress-bar';
import type { StageEvent } from '../refresh-runner';

/**
 * Progress goes to stderr, so stdout stays for results. Silent under vitest unless LOG_LEVEL is
 * set, as the logs are (a green test run prints the runner's summary, not every stage of every run).
 */
export function printProgress(line: string): void {
  if (progressSilenced()) return;
  process.stderr.write(`${line}\n`);
}

/** One line per finished stage job. */
export function formatStageEvent(event: StageEvent): string {
  const mark = event.outcome === 'completed' ? 'ok  ' : 'FAIL';
  const id = event.jobId.replace(/^(extract|enrich|load)-run-[0-9T]+-[0-9a-f]+-/, '');
  return `  ${mark} ${event.stage.padEnd(7)} ${id}  ${event.detail}`;
}

export function printStageEvent(event: StageEvent): void {
  printProgress(formatStageEvent(event));
}

/** Megabytes of the files that exist among `files` (what a bulk load reads). */
export function inputMegabytes(files: readonly string[]): number {
  let bytes = 0;
  for (const file of files) {
    try {
      bytes += statSync(file).size;
    } catch {
      // A missing file is the loader's to report, with its path.
    }
  }
  return bytes / 1e6;
}

/**
 * A DuckDB bulk step's progress (whole percents of the running query) as a bar over the
 * megabytes of its input files, so the rate is MB/s; without a size, over percent.
 * DuckDB reports each query of a step from 0, so the bar only moves forward.
 */
export function queryProgressBar(label: string, megabytes: number | null, stream?: ProgressStream): { report(percent: number): void; stop(): void } {
  const sized = megabytes !== null && megabytes > 0;
  const bar = progressBar(label, { total: sized ? megabytes : 100, unit: sized ? 'MB' : '%', ...(stream ? { stream } : {}) });
  let best = 0;
  return {
    report(percent) {
      if (percent <= best) return;
      best = percent;
      bar.update(sized ? (megabytes * percent) / 100 : percent);
    },
    stop: () => bar.stop(),
  };
}

/**
 * A reference build's progress: the steps DuckDB can measure (postcodes, 2.7M rows) as a bar
 * over the postcode files' size, the others as a line each.
 */
export function referenceBuildProgress(postcodeFiles: readonly string[], stream?: ProgressStream): { onProgress(p: BuildProgress): void; stop(): void } {
  let current: { step: string; bar: ReturnType<typeof queryProgressBar> } | null = null;
  let lastStep = '';
  const write = (line: string) => (stream ? stream.write(`${line}\n`) : printProgress(line));
  return {
    onProgress(p) {
      if (current && current.step !== p.step) {
        current.bar.stop();
        current = null;
      }
      if (p.percent !== undefined) {
        current ??= { step: p.step, bar: queryProgressBar(`  reference: ${p.step}`, p.step === 'postcodes' ? inputMegabytes(postcodeFiles) : null, stream) };
        current.bar.report(p.percent);
        return;
      }
      if (p.step === lastStep) return;
      lastStep = p.step;
      write(`  reference: ${p.step}${p.detail ? ` (${p.detail})` : ''}`);
    },
    stop() {
      current?.bar.stop();
      current = null;
    },
  };
}

/**
 * A refresh's progress. On a terminal: one bar over the run's stage jobs (three per changed
 * file: extract, enrich, load), with failures printed above it. Elsewhere: a line per job.
 */
export interface RefreshProgress {
  onPlan(files: number): void;
  onEvent(event: StageEvent): void;
  /** Ends the bar; `finished` fills it (the run is done, whatever events are still in flight). */
  stop(finished?: boolean): void;
}

export function refreshProgress(stream: ProgressStream = process.stderr): RefreshProgress {
  if (!stream.isTTY || progressSilenced()) {
    return { onPlan: () => {}, onEvent: printStageEvent, stop: () => {} };
  }
  let bar: ProgressBar | null = null;
  let total = 0;
  // Jobs can finish before the plan is read (it is polled): counted, then shown on the bar.
  let early = 0;
  return {
    onPlan(files) {
      if (bar) return;
      total = Math.max(files * 3, 1);
      bar = progressBar('  refresh', { total, unit: 'jobs', stream });
      bar.increment(early);
    },
    onEvent(event) {
      if (bar) bar.increment();
      else early += 1;
      if (event.outcome === 'failed') {
        if (bar) bar.log(formatStageEvent(event));
        else printStageEvent(event);
      }
    },
    stop(finished = false) {
      if (finished) bar?.update(total);
      bar?.stop();
      bar = null;
    },
  };
}

/** Waits for a run with its progress shown; the bar is filled when the run finished. */
export async function withRefreshProgress<T>(wait: (progress: RefreshProgress) => Promise<T>): Promise<T> {
  const progress = refreshProgress();
  try {
    const result = await wait(progress);
    progress.stop(true);
    return result;
  } finally {
    progress.stop();
  }
}
