import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadConfig } from '@cwb/config';
import { createLogger } from '@cwb/logger';
import { maskRedisUrl, redisUrlFromEnv, warnAboutRedisSettings } from '@cwb/queue';
import { startScheduler } from './start-scheduler';

const flagsSchema = z.object({
  config: z.string().optional(),
  'data-dir': z.string().optional(),
  prefix: z.string().regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only').default('cwb'),
  'watch-interval-ms': z.coerce.number().int().positive().optional(),
});

const envSchema = z.object({
  CWB_ALERT_WEBHOOK_URL: z.preprocess((v) => (v === '' ? undefined : v), z.url('CWB_ALERT_WEBHOOK_URL must be a URL').optional()),
});

/**
 * `cwb-scheduler [--config cwb.config.yaml] [--data-dir dir] [--prefix cwb]`
 * Runs the configured schedules until SIGTERM. REDIS_URL names the Redis; any number of
 * replicas may run against it (each slot fires once).
 */
export async function main(argv = process.argv.slice(2)): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      config: { type: 'string' },
      'data-dir': { type: 'string' },
      prefix: { type: 'string' },
      'watch-interval-ms': { type: 'string' },
    },
  });
  const flags = flagsSchema.safeParse(values);
  const env = envSchema.safeParse(process.env);
  if (!flags.success || !env.success) {
    const issues = [...(flags.error?.issues.map((i) => `--${i.path.join('.')}: ${i.message}`) ?? []), ...(env.error?.issues.map((i) => i.message) ?? [])];
    console.error(`cwb-scheduler: ${issues.join('; ')}`);
    process.exit(2);
  }
  const logger = createLogger('cwb-scheduler');
  const reloadConfig = () => loadConfig(flags.data.config, flags.data['data-dir']);
  const loaded = await reloadConfig();
  const redisUrl = redisUrlFromEnv();
  await warnAboutRedisSettings(redisUrl, logger);
  const scheduler = startScheduler({
    topology: { redisUrl, prefix: flags.data.prefix },
    loaded,
    reloadConfig,
    logger,
    ...(env.data.CWB_ALERT_WEBHOOK_URL ? { webhookUrl: env.data.CWB_ALERT_WEBHOOK_URL } : {}),
    ...(flags.data['watch-interval-ms'] ? { watchIntervalMs: flags.data['watch-interval-ms'] } : {}),
  });
  logger.info({ redis: maskRedisUrl(redisUrl), prefix: flags.data.prefix, pid: process.pid, schedules: scheduler.refreshes.length }, 'scheduler ready');
  const stop = async (signal: string) => {
    logger.info({ signal }, 'stopping scheduler');
    await scheduler.stop();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}
