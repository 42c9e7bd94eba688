import { timingSafeEqual } from 'node:crypto';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { z } from 'zod';
import type { Logger } from '@cwb/logger';
import { createQueue, deadLetters, describeRun, listRuns, openRedis, stageNames, type Topology } from '@cwb/queue';
import { listQuerySchema, runIdParamSchema } from './api-settings';
import { closeWithin, pipelineMetrics } from './pipeline-metrics';
import { reportRoute } from './report-route';

export interface ApiOptions {
  topology: Topology;
  logger: Logger;
  /** When set, every route but /healthz and /readyz requires it. */
  token?: string | undefined;
  /** The published snapshot that /report shows (its latest version at each request). */
  snapshotPath?: string | undefined;
}

export interface Api {
  app: express.Express;
  /** Resolves once the metrics' event streams listen. */
  ready: Promise<void>;
  close(): Promise<void>;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Bearer token, or Basic auth whose password is the token (so a browser can open the dashboard). */
function requireToken(token: string) {
  return (req: Request, res: Response, next: NextFunction) => {
    const header = req.headers.authorization ?? '';
    const [scheme, value = ''] = header.split(' ');
    let given = '';
    if (scheme === 'Bearer') given = value;
    else if (scheme === 'Basic') given = Buffer.from(value, 'base64').toString('utf8').split(':').slice(1).join(':');
    if (given && sameSecret(given, token)) return next();
    res.setHeader('WWW-Authenticate', 'Basic realm="cwb", charset="UTF-8"');
    res.status(401).json({ error: 'authentication required: Authorization: Bearer <CWB_API_TOKEN>' });
  };
}

function parseOr400<T>(schema: z.ZodType<T>, value: unknown, res: Response): T | null {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  res.status(400).json({ error: parsed.error.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`).join('; ') });
  return null;
}

/**
 * The operations API: /healthz (the process answers), /readyz (Redis answers), /metrics
 * (Prometheus), /runs and /runs/:id (run history with per-stage counts and timings),
 * /dead-letters (failed jobs and why), the indicator report of the published snapshot at
 * /report, and the Bull Board queue dashboard at /queues.
 */
export function createApi(options: ApiOptions): Api {
  const { topology, logger } = options;
  const app = express();
  app.disable('x-powered-by');
  const redis = openRedis(topology);
  const metrics = pipelineMetrics(topology, logger);
  const boardQueues = stageNames.map((s) => createQueue(topology, s));
  for (const queue of boardQueues) queue.on('error', (error) => logger.warn({ queue: queue.name, err: error.message }, 'dashboard queue connection error'));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      const pong = await Promise.race([redis.ping(), new Promise<string>((_, reject) => setTimeout(() => reject(new Error('timed out after 2 s')), 2000))]);
      res.json({ status: 'ready', redis: pong });
    } catch (error) {
      res.status(503).json({ status: 'not ready', redis: error instanceof Error ? error.message : String(error) });
    }
  });

  if (options.token) app.use(requireToken(options.token));

  app.get('/metrics', async (_req, res) => {
    try {
      res.setHeader('content-type', metrics.registry.contentType);
      res.send(await metrics.registry.metrics());
    } catch (error) {
      res.status(503).send(`# metrics unavailable: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  });
  app.get('/runs', async (req, res) => {
    const query = parseOr400(listQuerySchema, req.query, res);
    if (query) res.json(await listRuns(topology, query.limit));
  });
  app.get('/runs/:runId', async (req, res) => {
    const runId = parseOr400(runIdParamSchema, req.params.runId, res);
    if (runId === null) return;
    const report = await describeRun(topology, runId);
    if (!report) res.status(404).json({ error: `no run ${runId}` });
    else res.json(report);
  });
  app.get('/dead-letters', async (req, res) => {
    const query = parseOr400(listQuerySchema, req.query, res);
    if (query) res.json(await deadLetters(topology, { limit: query.limit, ...(query.stage ? { stage: query.stage } : {}) }));
  });

  app.get('/report', reportRoute(options.snapshotPath, logger));

  const board = new ExpressAdapter();
  board.setBasePath('/queues');
  createBullBoard({ queues: boardQueues.map((q) => new BullMQAdapter(q as unknown as ConstructorParameters<typeof BullMQAdapter>[0])), serverAdapter: board });
  app.use('/queues', board.getRouter());

  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    logger.error({ err: error instanceof Error ? error.message : String(error) }, 'api request failed');
    res.status(500).json({ error: error instanceof Error ? error.message : String(error) });
  });

  return {
    app,
    ready: metrics.ready,
    async close() {
      await metrics.close();
      await closeWithin(5000, boardQueues.map((q) => q.close()));
      redis.disconnect();
    },
  };
}
