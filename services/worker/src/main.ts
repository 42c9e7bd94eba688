import { parseArgs } from 'node:util';
import { z } from 'zod';
import { createLogger } from '@cwb/logger';
import { maskRedisUrl, redisUrlFromEnv, stageNames, warnAboutRedisSettings } from '@cwb/queue';
import { loaderDuckdbSettings } from './duckdb-settings';
import { startWorkers } from './start-workers';

const flagsSchema = z.object({
  queue: z.array(z.enum(stageNames)).optional(),
  concurrency: z.coerce.number().int().positive().optional(),
  prefix: z.string().regex(/^[A-Za-z0-9_-]+$/).default('cwb'),
});

/**
 * `cwb-worker [--queue extract --queue enrich] [--concurrency 2] [--prefix cwb]`
 * One process consumes every stage by default; repeat --queue to run one per queue.
 * REDIS_URL names the Redis (rediss://user:password@host for TLS); its production
 * settings are checked at start-up and each problem is logged as a warning.
 * SIGTERM/SIGINT close workers gracefully: current jobs finish, or are handed back after
 * CWB_SHUTDOWN_TIMEOUT_MS (default 30 s); a second signal hands them back at once.
 * The load stage's DuckDB takes CWB_DUCKDB_MEMORY_LIMIT (default 384MB) and CWB_DUCKDB_THREADS
 * (default 2); a bad value stops the worker at start.
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
  if (!parsed.data.queue || parsed.data.queue.includes('load')) {
    try {
      loaderDuckdbSettings();
    } catch (error) {
      console.error(`cwb-worker: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(2);
    }
  }
  const logger = createLogger('cwb-worker');
  const redisUrl = redisUrlFromEnv();
  await warnAboutRedisSettings(redisUrl, logger);
  const pool = startWorkers({
    topology: { redisUrl, prefix: parsed.data.prefix },
    logger,
    stages: parsed.data.queue,
    concurrency: parsed.data.concurrency,
  });
  logger.info({ redis: maskRedisUrl(redisUrl), pid: process.pid }, 'worker ready');
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: handing current jobs back now');
      await pool.close({ timeoutMs: 0 });
      process.exit(0);
    }
    stopping = true;
    logger.info({ signal }, 'closing workers: finishing current jobs');
    const { handedBack } = await pool.close();
    logger.info({ signal, handed_back: handedBack }, 'workers closed');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}
