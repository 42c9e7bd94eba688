import type { Server } from 'node:http';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger } from '@cwb/logger';
import { maskRedisUrl, redisUrlFromEnv, warnAboutRedisSettings } from '@cwb/queue';
import { apiSettingsSchema } from './api-settings';
import { createApi } from './create-api';

/**
 * `cwb-api [--host 127.0.0.1] [--port 8080] [--prefix cwb] [--snapshot published/cwb.duckdb]`
 * Localhost by default; any other host needs CWB_API_TOKEN. REDIS_URL names the Redis;
 * --snapshot (or CWB_SNAPSHOT) the published snapshot that /report shows.
 */
export async function main(argv = process.argv.slice(2)): Promise<Server> {
  const { values } = parseArgs({
    args: argv,
    options: { host: { type: 'string' }, port: { type: 'string' }, prefix: { type: 'string' }, snapshot: { type: 'string' } },
  });
  const parsed = apiSettingsSchema.safeParse({ snapshot: process.env.CWB_SNAPSHOT || undefined, ...values, token: process.env.CWB_API_TOKEN || undefined });
  if (!parsed.success) {
    console.error(`cwb-api: ${parsed.error.issues.map((i) => `${i.path.join('.') === 'token' ? 'CWB_API_TOKEN' : `--${i.path.join('.')}`}: ${i.message}`).join('; ')}`);
    process.exit(2);
  }
  const settings = parsed.data;
  const logger = createLogger('cwb-api');
  const redisUrl = redisUrlFromEnv();
  await warnAboutRedisSettings(redisUrl, logger);
  const api = createApi({ topology: { redisUrl, prefix: settings.prefix }, logger, token: settings.token, snapshotPath: settings.snapshot ? resolve(settings.snapshot) : undefined });
  const server = api.app.listen(settings.port, settings.host, () => {
    logger.info({ host: settings.host, port: settings.port, auth: settings.token ? 'token' : 'none (localhost)', redis: maskRedisUrl(redisUrl) }, 'api listening');
  });
  const stop = (signal: string) => {
    logger.info({ signal }, 'stopping api');
    server.close(() => void api.close().then(() => process.exit(0)));
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  return server;
}
