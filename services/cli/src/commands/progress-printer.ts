import type { StageEvent } from '../refresh-runner';

/** Prints one line per finished stage job to stderr, so stdout stays for results. */
export function printStageEvent(event: StageEvent): void {
  const mark = event.outcome === 'completed' ? 'ok  ' : 'FAIL';
  const id = event.jobId.replace(/^(extract|enrich|load)-run-[0-9T]+-[0-9a-f]+-/, '');
  process.stderr.write(`  ${mark} ${event.stage.padEnd(7)} ${id}  ${event.detail}\n`);
}
