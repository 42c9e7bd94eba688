import type { Command } from 'commander';
import { z } from 'zod';
import { runIdSchema } from '@cwb/contracts';
import { deadLetters, describeRun, listRuns, redisUrlFromEnv, stageNames, type Topology } from '@cwb/queue';
import { formatTable } from '../output/table';

const prefixSchema = z.string().regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only');
const listFlagsSchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(20),
  prefix: prefixSchema,
  json: z.boolean().optional(),
  stage: z.enum(stageNames).optional(),
});

function parseFlags<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; '));
  return parsed.data;
}

const when = (ms: number | null) => (ms ? new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '');
const seconds = (ms: number | null | undefined) => (ms === null || ms === undefined ? '' : (ms / 1000).toFixed(1));

const out = (text: string): void => {
  process.stdout.write(`${text}\n`);
};

/** `cwb runs`, `cwb runs show <id>`, `cwb runs failed`: run history, per-stage counts and timings, dead letters. */
export function register(program: Command): void {
  const runs = program
    .command('runs')
    .description('recent refresh runs with their status (REDIS_URL); see also: runs show <id>, runs failed')
    .option('--limit <n>', 'how many runs', '20')
    .option('--prefix <prefix>', 'Redis key prefix of the deployment', 'cwb')
    .option('--json', 'print JSON')
    .action(async (options: unknown) => {
      const flags = parseFlags(listFlagsSchema, options);
      const topology: Topology = { redisUrl: redisUrlFromEnv(), prefix: flags.prefix };
      const list = await listRuns(topology, flags.limit);
      if (flags.json) return out(JSON.stringify(list, null, 2));
      if (list.length === 0) return out('no runs recorded yet (cwb refresh, or the scheduler, starts one)');
      out(
        formatTable(
          ['run', 'status', 'trigger', 'enqueued', 'duration_s', 'files', 'skipped', 'failed'],
          list.map((r) => ({
            run: r.run_id,
            status: r.status,
            trigger: r.trigger ? `${r.trigger.kind}${r.trigger.schedule ? `:${r.trigger.schedule}` : ''}${r.trigger.retry_of ? ` of ${r.trigger.retry_of}` : ''}` : '',
            enqueued: when(r.enqueued_at),
            duration_s: r.finished_at && r.enqueued_at ? seconds(r.finished_at - r.enqueued_at) : '',
            files: r.refresh?.files,
            skipped: r.refresh?.files_skipped,
            failed: r.build?.files_failed,
          })),
        ),
      );
    });

  runs
    .command('show <run>')
    .description('one run: status, trigger, per-stage job counts, rows and timings, and what failed and why (--json, --prefix as for runs)')
    .action(async function (this: Command, run: string) {
      const runId = parseFlags(runIdSchema, run);
      const flags = parseFlags(listFlagsSchema, this.optsWithGlobals());
      const report = await describeRun({ redisUrl: redisUrlFromEnv(), prefix: flags.prefix }, runId);
      if (!report) throw new Error(`no run ${runId} in Redis (prefix ${flags.prefix}); cwb runs lists the recent ones`);
      if (flags.json) return out(JSON.stringify(report, null, 2));
      out(`run ${report.run_id}: ${report.status}${report.reason ? ` (${report.reason})` : ''}`);
      if (report.trigger) out(`trigger: ${report.trigger.kind}${report.trigger.schedule ? ` ${report.trigger.schedule}` : ''}${report.trigger.retry_of ? ` of ${report.trigger.retry_of}` : ''}${report.trigger.full ? ' (full)' : ''}, requested ${report.trigger.requested_at}`);
      out(`enqueued ${when(report.enqueued_at)}, finished ${when(report.finished_at) || '-'}`);
      if (report.files_discovered !== null) out(`files: ${report.files_discovered} discovered, ${report.files_skipped ?? 0} unchanged (skipped)`);
      out('');
      out(
        formatTable(
          ['stage', 'jobs', 'completed', 'failed', 'pending', 'rows', 'busy_s', 'wall_s'],
          report.stages.map((s) => ({
            ...s,
            rows: s.rows ?? '',
            busy_s: seconds(s.busy_ms),
            wall_s: s.started_at && s.finished_at ? seconds(s.finished_at - s.started_at) : '',
          })),
        ),
      );
      const readers = report.stages.find((s) => s.stage === 'extract')?.readers;
      if (readers) {
        out(`readers: ${readers.duckdb} file(s) read by DuckDB, ${readers.node} row by row`);
        for (const r of readers.row_by_row) out(`  row by row: ${r.source_file ?? '?'}: ${r.reason}`);
      }
      for (const f of report.failures) out(`failed: ${f.queue} ${f.job_id}${f.source_file ? ` (${f.source_file})` : ''} after ${f.attempts_made} attempt(s): ${f.reason}`);
      if (report.failures.length > 0) out(`retry what failed: cwb retry ${report.run_id}`);
    });

  runs
    .command('failed')
    .description('the dead-letter view: jobs that failed for good, newest first, with why (--limit, --json, --prefix as for runs)')
    .option('--stage <stage>', 'only this stage: refresh, extract, enrich, load')
    .action(async function (this: Command) {
      const flags = parseFlags(listFlagsSchema, this.optsWithGlobals());
      const letters = await deadLetters({ redisUrl: redisUrlFromEnv(), prefix: flags.prefix }, { limit: flags.limit, ...(flags.stage ? { stage: flags.stage } : {}) });
      if (flags.json) return out(JSON.stringify(letters, null, 2));
      if (letters.length === 0) return out('no failed jobs');
      out(
        formatTable(
          ['failed_at', 'run', 'stage', 'file', 'attempts', 'reason'],
          letters.map((l) => ({ failed_at: when(l.failed_at), run: l.run_id, stage: l.queue, file: l.source_file ?? l.job_id, attempts: l.attempts_made, reason: l.reason })),
        ),
      );
    });
}
