import { parseArgs } from 'node:util';
import { z } from 'zod';
import { createLogger } from '@cwb/logger';
import { redisUrlFromEnv, stageNames } from '@cwb/queue';
import { startWorkers } from './start-workers';

const flagsSchema = z.object({
  queue: z.array(z.enum(stageNames)).optional(),
  concurrency: z.coerce.number().int().positive().optional(),
  prefix: z.string().regex(/^[A-Za-z0-9_-]+$/).default('cwb'),
});

/**
 * `cwb-worker [--queue extract --queue enrich] [--concurrency 2] [--prefix cwb]`
 * One process consumes every stage by default; repeat --queue to run one per queue.
 * REDIS_URL names the Redis. SIGTERM/SIGINT close workers gracefully.
 */
export async function main(argv = process.argv.slice(2)): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      queue: { type: 'string', multiple: true },
      concurrency: { type: 'string' },
      prefix: { type: 'string' },
    },
  });
  const parsed = flagsSchema.safeParse(values);
  if (!parsed.success) {
    console.error(`cwb-worker: ${parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; ')}`);
    process.exit(2);
  }
  const logger = createLogger('cwb-worker');
  const pool = startWorkers({
    topology: { redisUrl: redisUrlFromEnv(), prefix: parsed.data.prefix },
    logger,
    stages: parsed.data.queue,
    concurrency: parsed.data.concurrency,
  });
  const stop = async (signal: string) => {
    logger.info({ signal }, 'closing workers');
    await pool.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}
