import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

/** A Redis the caller may use, and how to give it back. */
export interface ProvidedRedis {
  url: string;
  /** How it was found: the REDIS_URL given, a redis-server started for this run, or a container. */
  origin: 'REDIS_URL' | 'redis-server' | 'testcontainers';
  stop(): Promise<void>;
}

export class RedisUnavailableError extends Error {
  constructor(detail: string) {
    super(
      `No Redis available (${detail}). cwb needs Redis for its queues; give it one of:\n` +
        '  1. REDIS_URL=redis://host:6379 (an existing Redis; rediss:// for TLS),\n' +
        '  2. a redis-server binary on PATH (e.g. `apt-get install redis-server`), which cwb starts on a free port for the run,\n' +
        '  3. a running Docker engine, which cwb uses through testcontainers (image redis:7-alpine).',
    );
    this.name = 'RedisUnavailableError';
  }
}

async function ping(url: string, timeoutMs = 3000): Promise<string | null> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.ping();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    client.disconnect();
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

function hasRedisServer(): boolean {
  const probe = spawnSync('redis-server', ['--version'], { stdio: 'ignore' });
  return probe.status === 0;
}

async function startRedisServer(): Promise<ProvidedRedis> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction'],
    { stdio: 'ignore' },
  );
  const url = `redis://127.0.0.1:${port}`;
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  const deadline = Date.now() + 10_000;
  let lastError: string | null = 'not started';
  while (Date.now() < deadline && !exited) {
    lastError = await ping(url, 500);
    if (lastError === null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  if (lastError !== null) {
    child.kill('SIGKILL');
    throw new RedisUnavailableError(`redis-server on port ${port} did not answer: ${lastError}`);
  }
  return {
    url,
    origin: 'redis-server',
    stop: async () => {
      if (exited) return;
      await new Promise<void>((done) => {
        child.once('exit', () => done());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      });
    },
  };
}

async function startContainer(): Promise<ProvidedRedis | string> {
  try {
    const { GenericContainer, Wait } = await import('testcontainers');
    const container = await new GenericContainer('redis:7-alpine')
      .withCommand(['redis-server', '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction'])
      .withExposedPorts(6379)
      .withWaitStrategy(Wait.forLogMessage('Ready to accept connections'))
      .start();
    return {
      url: `redis://${container.getHost()}:${container.getMappedPort(6379)}`,
      origin: 'testcontainers',
      stop: async () => {
        await container.stop();
      },
    };
  } catch (error) {
    return error instanceof Error ? error.message.split('\n')[0] ?? 'unknown error' : String(error);
  }
}

/**
 * Finds a Redis the way the demo and the tests both do:
 * REDIS_URL if set (it must answer), else a local `redis-server` started on a free port,
 * else a testcontainers Redis when a Docker engine answers, else a RedisUnavailableError
 * naming these three ways. `stop()` stops only what this call started.
 */
export async function provideRedis(env: NodeJS.ProcessEnv = process.env): Promise<ProvidedRedis> {
  const given = env.REDIS_URL;
  if (given) {
    const problem = await ping(given);
    if (problem !== null) {
      throw new RedisUnavailableError(`REDIS_URL is set but did not answer PING: ${problem}`);
    }
    return { url: given, origin: 'REDIS_URL', stop: async () => {} };
  }
  if (hasRedisServer()) return startRedisServer();
  const container = await startContainer();
  if (typeof container !== 'string') return container;
  throw new RedisUnavailableError(`REDIS_URL is not set, no redis-server on PATH, and Docker failed: ${container}`);
}
