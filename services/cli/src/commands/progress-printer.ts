import type { StageEvent } from '../refresh-runner';

/**
 * Progress goes to stderr, so stdout stays for results. Silent under vitest unless LOG_LEVEL is
 * set, as the logs are (a green test run prints the runner's summary, not every stage of every run).
 */
export function printProgress(line: string): void {
  if (process.env.VITEST && !process.env.LOG_LEVEL) return;
  process.stderr.write(`${line}\n`);
}

/** One line per finished stage job. */
export function printStageEvent(event: StageEvent): void {
  const mark = event.outcome === 'completed' ? 'ok  ' : 'FAIL';
  const id = event.jobId.replace(/^(extract|enrich|load)-run-[0-9T]+-[0-9a-f]+-/, '');
  printProgress(`  ${mark} ${event.stage.padEnd(7)} ${id}  ${event.detail}`);
}
