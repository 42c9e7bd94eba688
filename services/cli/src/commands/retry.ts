import type { Command } from 'commander';
import { runIdSchema } from '@cwb/contracts';
import { redisUrlFromEnv, retryRun } from '@cwb/queue';
import { newRunId, waitForRun } from '../refresh-runner';
import { withRefreshProgress } from './progress-printer';

/** `cwb retry <run>`: a new run with the failed run's payload; files it loaded are skipped. */
export function register(program: Command): void {
  program
    .command('retry <run>')
    .description('retry a failed or partial run: a new run with the same anchors and sources, reading only what is not loaded')
    .option('--wait', 'wait for the retry to finish, showing progress')
    .option('--prefix <prefix>', 'Redis key prefix of the deployment', 'cwb')
    .action(async (run: string, options: { wait?: boolean; prefix: string }) => {
      const parsed = runIdSchema.safeParse(run);
      if (!parsed.success) throw new Error(`run id "${run}": ${parsed.error.issues[0]?.message}`);
      const topology = { redisUrl: redisUrlFromEnv(), prefix: options.prefix };
      const outcome = await retryRun(topology, parsed.data, newRunId());
      if (outcome.outcome !== 'enqueued') {
        throw new Error(outcome.outcome === 'skipped' ? `run ${outcome.active_run_id} is still going; retry when it has finished` : `not enqueued (${outcome.outcome})`);
      }
      process.stderr.write(`retrying ${parsed.data} as ${outcome.run_id}\n`);
      process.stdout.write(`${outcome.run_id}\n`);
      if (!options.wait) return;
      const result = await withRefreshProgress((progress) =>
        waitForRun(topology, outcome.run_id, { onEvent: progress.onEvent, onPlan: progress.onPlan }),
      );
      process.stdout.write(`run ${outcome.run_id}: ${result.files_loaded} file(s) loaded, ${result.files_failed} failed\n`);
      if (result.files_failed > 0) process.exitCode = 1;
    });
}
