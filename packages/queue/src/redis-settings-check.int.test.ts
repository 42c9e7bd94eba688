import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkRedisSettings, maskRedisUrl, warnAboutRedisSettings } from './index';

// Each case starts its own redis-server with the settings under test (never the shared one).

const started: ChildProcess[] = [];
afterEach(() => {
  for (const child of started.splice(0)) child.kill('SIGKILL');
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function redisWith(...settings: string[]): Promise<string> {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'cwb-redis-check-'));
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, ...settings], { stdio: 'ignore' });
  started.push(child);
  const url = `redis://127.0.0.1:${port}`;
  const password = settings[settings.indexOf('--requirepass') + 1];
  const probe = settings.includes('--requirepass') ? url.replace('redis://', `redis://:${password}@`) : url;
  for (let i = 0; i < 100; i += 1) {
    const answered = await checkRedisSettings(probe).then(() => true, () => false);
    if (answered) return url;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`redis-server on ${port} did not start`);
}

describe('production Redis check', () => {
  it('passes noeviction with AOF on', async () => {
    const url = await redisWith('--maxmemory-policy', 'noeviction', '--appendonly', 'yes', '--save', '');
    expect(await checkRedisSettings(url)).toEqual([]);
  });

  it('names an evicting policy and missing persistence, with the fix', async () => {
    const url = await redisWith('--maxmemory-policy', 'allkeys-lru', '--appendonly', 'no', '--save', '');
    expect(await checkRedisSettings(url)).toEqual([
      'maxmemory-policy is allkeys-lru: BullMQ needs noeviction (an evicted key is a lost job); set maxmemory-policy noeviction',
      'persistence is off (appendonly no and no RDB save points): a Redis restart loses every queued job; set appendonly yes',
    ]);
  });

  it('accepts RDB-only persistence with a warning that AOF is off', async () => {
    const url = await redisWith('--maxmemory-policy', 'noeviction', '--appendonly', 'no', '--save', '900 1');
    expect(await checkRedisSettings(url)).toEqual([expect.stringMatching(/^appendonly is off \(only RDB snapshots "900 1"\)/)]);
  });

  it('logs each problem as a warning without the password, and a Redis that does not answer as one too', async () => {
    const url = await redisWith('--maxmemory-policy', 'volatile-lru', '--appendonly', 'yes', '--requirepass', 's3cret-pass');
    const withPassword = url.replace('redis://', 'redis://:s3cret-pass@');
    const warnings: { object: object; message: string }[] = [];
    const logger = { warn: (object: object, message: string) => warnings.push({ object, message }), info: () => {} };
    expect(await warnAboutRedisSettings(withPassword, logger)).toHaveLength(1);
    expect(warnings[0]?.message).toMatch(/^Redis not production-ready: maxmemory-policy is volatile-lru/);
    expect(JSON.stringify(warnings)).not.toContain('s3cret-pass');
    expect(warnings[0]?.object).toEqual({ redis: url.replace('redis://', 'redis://:***@') });

    warnings.length = 0;
    expect(await warnAboutRedisSettings('redis://127.0.0.1:1', logger)).toEqual([expect.stringMatching(/^could not check Redis settings/)]);
  });

  it('asks for TLS and a password for a Redis reached over the network', async () => {
    const address = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
    if (!address) throw new Error('this machine has no non-loopback IPv4 address to test with');
    const url = await redisWith('--maxmemory-policy', 'noeviction', '--appendonly', 'yes', '--bind', `127.0.0.1 ${address}`, '--protected-mode', 'no');
    expect(await checkRedisSettings(url.replace('127.0.0.1', address))).toEqual([
      `REDIS_URL reaches ${address} without TLS: use rediss://`,
      `REDIS_URL reaches ${address} without a password: use rediss://user:password@host:port`,
    ]);
    expect(maskRedisUrl('rediss://user:pa55@redis.example:6380/0')).toBe('rediss://user:***@redis.example:6380/0');
  });
});
