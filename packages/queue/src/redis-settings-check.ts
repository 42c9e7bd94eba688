import { Redis } from 'ioredis';
import { redisConnectionOptions } from './connection';

export interface RedisSettingsLogger {
  warn(object: object, message: string): void;
  info(object: object, message: string): void;
}

function infoField(info: string, field: string): string | null {
  const match = new RegExp(`^${field}:(.*)$`, 'm').exec(info);
  return match?.[1]?.trim() ?? null;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || host.startsWith('127.');
}

/** Removes the password from a Redis URL before it is printed. */
export function maskRedisUrl(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}

/**
 * What is wrong with a Redis for production queues, each problem naming the setting and
 * the fix: `maxmemory-policy` must be `noeviction` (an evicted key is a lost job),
 * persistence must be on (AOF, or at least RDB save points) so a restart keeps the queues,
 * and a Redis off this machine should be reached with TLS and a password (`rediss://`).
 * Reads INFO (allowed on managed Redis); CONFIG GET only where permitted.
 */
export async function checkRedisSettings(url: string): Promise<string[]> {
  const problems: string[] = [];
  const parsed = new URL(url);
  if (!isLoopback(parsed.hostname)) {
    if (parsed.protocol !== 'rediss:') problems.push(`REDIS_URL reaches ${parsed.hostname} without TLS: use rediss://`);
    if (!parsed.password) problems.push(`REDIS_URL reaches ${parsed.hostname} without a password: use rediss://user:password@host:port`);
  }
  const client = new Redis({ ...redisConnectionOptions(url, 'producer'), lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  client.on('error', () => {});
  try {
    await client.connect();
    const memory = await client.info('memory');
    const persistence = await client.info('persistence');
    const policy = infoField(memory, 'maxmemory_policy');
    if (policy !== null && policy !== 'noeviction') {
      problems.push(`maxmemory-policy is ${policy}: BullMQ needs noeviction (an evicted key is a lost job); set maxmemory-policy noeviction`);
    }
    const aof = infoField(persistence, 'aof_enabled') === '1';
    if (!aof) {
      let savePoints: string | null = null;
      try {
        const reply = (await client.config('GET', 'save')) as string[];
        savePoints = reply[1] ?? '';
      } catch {
        savePoints = null;
      }
      if (savePoints === '') {
        problems.push('persistence is off (appendonly no and no RDB save points): a Redis restart loses every queued job; set appendonly yes');
      } else if (savePoints === null) {
        problems.push('appendonly is off and RDB save points could not be read (CONFIG not permitted): check that persistence is on');
      } else {
        problems.push(`appendonly is off (only RDB snapshots "${savePoints}"): a crash loses the jobs since the last snapshot; set appendonly yes`);
      }
    }
  } finally {
    client.disconnect();
  }
  return problems;
}

/** Checks at start-up and logs one warning per problem; never logs the password. */
export async function warnAboutRedisSettings(url: string, logger: RedisSettingsLogger): Promise<string[]> {
  const redis_url = maskRedisUrl(url);
  try {
    const problems = await checkRedisSettings(url);
    for (const problem of problems) logger.warn({ redis: redis_url }, `Redis not production-ready: ${problem}`);
    if (problems.length === 0) logger.info({ redis: redis_url }, 'Redis settings checked: noeviction, persistence on');
    return problems;
  } catch (error) {
    const message = `could not check Redis settings: ${error instanceof Error ? error.message : String(error)}`;
    logger.warn({ redis: redis_url }, message);
    return [message];
  }
}
