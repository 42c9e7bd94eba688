import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryProgressBar, refreshProgress } from '../commands/progress-printer';
import { progressBar, type ProgressStream } from './progress-bar';

/** A stream that keeps what is written, as a terminal (isTTY) or as a pipe. */
function captured(isTTY: boolean): ProgressStream & { text(): string } {
  const chunks: string[] = [];
  return { isTTY, columns: 120, write: (chunk: string) => chunks.push(String(chunk)), text: () => chunks.join('') };
}

// Progress is silent under vitest unless LOG_LEVEL is set; these tests are about the output.
let saved: string | undefined;
beforeAll(() => {
  saved = process.env.LOG_LEVEL;
  process.env.LOG_LEVEL = 'silent';
});
afterAll(() => {
  if (saved === undefined) delete process.env.LOG_LEVEL;
  else process.env.LOG_LEVEL = saved;
});

describe('progress bars', () => {
  it('on a terminal: a bar with the amount, the rate and the ETA', () => {
    const out = captured(true);
    const bar = progressBar('companies', { total: 470, unit: 'MB', stream: out });
    bar.update(120);
    bar.log('a line above the bar');
    bar.update(470);
    bar.stop();
    const text = out.text();
    expect(text).toMatch(/companies \[[█░]+\] 100% \| 470\/470 MB \| [\d,.]+ MB\/s \| ETA /);
    expect(text).toContain('a line above the bar\n');
  });

  it('elsewhere: a plain line at each tenth, no escape codes', () => {
    const out = captured(false);
    const bar = progressBar('postcodes', { total: 200, unit: 'MB', stream: out });
    bar.update(5);
    bar.update(45);
    bar.update(200);
    bar.stop();
    const lines = out.text().trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^postcodes: 45\/200 MB \(22%, [\d,.]+ MB\/s\)$/);
    expect(lines[1]).toMatch(/^postcodes: 200\/200 MB \(100%/);
    expect(out.text()).not.toMatch(/\u001b\[/);
  });

  it('a stopped bar short of its total says where it stopped', () => {
    const out = captured(false);
    const bar = progressBar('psc', { total: 100, unit: '%', stream: out });
    bar.update(3);
    bar.stop();
    expect(out.text()).toBe('psc: 3%\n');
  });

  it('a DuckDB step over its files: MB from percent, never backwards when the next query starts from 0', () => {
    const out = captured(false);
    const bar = queryProgressBar('companies', 50, out);
    bar.report(40);
    bar.report(10);
    bar.report(100);
    bar.stop();
    const lines = out.text().trim().split('\n');
    expect(lines.map((line) => line.replace(/ \(.*/, ''))).toEqual(['companies: 20/50 MB', 'companies: 50/50 MB']);
  });

  it('a refresh on a terminal: jobs done before the plan was read count, a failure is printed above the bar', () => {
    const out = captured(true);
    const progress = refreshProgress(out);
    const event = (outcome: 'completed' | 'failed') => ({ stage: 'extract' as const, jobId: 'extract-run-20261206T000000-abcdef-leeds-1', outcome, detail: outcome === 'failed' ? 'refused: not a payments file' : '10 rows read' });
    progress.onEvent(event('completed'));
    progress.onPlan(2);
    progress.onEvent(event('failed'));
    progress.stop(true);
    const text = out.text();
    expect(text).toContain('FAIL extract leeds-1  refused: not a payments file\n');
    expect(text).toMatch(/2\/6 jobs/);
    expect(text).toMatch(/100% \| 6\/6 jobs/);
  });

  it('a refresh off a terminal keeps a line per stage job', () => {
    const out = captured(false);
    const progress = refreshProgress(out);
    progress.onPlan(2);
    expect(typeof progress.onEvent).toBe('function');
    progress.stop();
    expect(out.text()).toBe('');
  });
});
