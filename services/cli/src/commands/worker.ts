import type { Command } from 'commander';
import { main as workerMain } from '@cwb/worker/main';

/** `cwb worker`: the same process as the cwb-worker bin. */
export function register(program: Command): void {
  program
    .command('worker')
    .description('run the stage workers (all queues by default; --queue to pick) until SIGTERM')
    .option('--queue <stage...>', 'consume only these stages: refresh, extract, enrich, load')
    .option('--concurrency <n>', 'jobs at once for extract and enrich (load is always 1)')
    .option('--prefix <prefix>', 'Redis key prefix', 'cwb')
    .action(async (options: { queue?: string[]; concurrency?: string; prefix: string }) => {
      const args = ['--prefix', options.prefix];
      for (const q of options.queue ?? []) args.push('--queue', q);
      if (options.concurrency) args.push('--concurrency', options.concurrency);
      await workerMain(args);
      await new Promise(() => {}); // runs until a signal closes the workers
    });
}
