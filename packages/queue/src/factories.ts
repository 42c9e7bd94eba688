import { hostname } from 'node:os';
import { diskFullError, isDiskFull } from './disk-full';
import { FlowProducer, Queue, QueueEvents, UnrecoverableError, Worker, type Job, type WorkerOptions } from 'bullmq';
import type { z } from 'zod';
import { redisConnectionOptions } from './connection';
import { queueName, type JobData, type JobResult, type StageName, type Topology } from './topology';

export type StageQueue<S extends StageName> = Queue<JobData<S>, JobResult<S>, string>;
export type StageJob<S extends StageName> = Job<JobData<S>, JobResult<S>, string>;

/** Default retry policy: transient errors back off exponentially; bad input throws UnrecoverableError. */
export const defaultJobOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 },
  removeOnFail: { age: 30 * 24 * 3600 },
} as const;

export function createQueue<S extends StageName>(topology: Topology, stage: S): StageQueue<S> {
  return new Queue(queueName(stage), {
    connection: redisConnectionOptions(topology.redisUrl, 'producer'),
    prefix: topology.prefix,
    defaultJobOptions,
  }) as StageQueue<S>;
}

export function createFlowProducer(topology: Topology): FlowProducer {
  return new FlowProducer({
    connection: redisConnectionOptions(topology.redisUrl, 'producer'),
    prefix: topology.prefix,
  });
}

export function createQueueEvents(topology: Topology, stage: StageName): QueueEvents {
  return new QueueEvents(queueName(stage), {
    connection: redisConnectionOptions(topology.redisUrl, 'worker'),
    prefix: topology.prefix,
  });
}

/** Validates a job payload against its contract; a payload that can never succeed is unrecoverable. */
export function parsePayload<T>(schema: z.ZodType<T>, job: { id?: string | undefined; name: string; data: unknown }): T {
  const parsed = schema.safeParse(job.data);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`).join('; ');
    throw new UnrecoverableError(`job ${job.name} ${job.id ?? ''} has an invalid payload: ${problems}`);
  }
  return parsed.data;
}

export interface StageWorkerOptions {
  concurrency?: number;
  lockDuration?: number;
  stalledInterval?: number;
  /** Stored on each job as `processedBy`; host and pid by default. */
  name?: string;
}

/**
 * A typed worker for one stage. Lock and stall settings come from the options or from
 * CWB_LOCK_DURATION_MS / CWB_STALLED_INTERVAL_MS, so a crashed worker's job is picked up
 * again by the next worker (BullMQ stalled-job recovery).
 */
export function createWorker<S extends StageName>(
  topology: Topology,
  stage: S,
  processor: (job: StageJob<S>, token?: string) => Promise<JobResult<S>>,
  options: StageWorkerOptions = {},
): Worker<JobData<S>, JobResult<S>, string> {
  const lockDuration = options.lockDuration ?? Number(process.env.CWB_LOCK_DURATION_MS ?? 30_000);
  const stalledInterval = options.stalledInterval ?? Number(process.env.CWB_STALLED_INTERVAL_MS ?? 30_000);
  const workerOptions: WorkerOptions = {
    connection: redisConnectionOptions(topology.redisUrl, 'worker'),
    prefix: topology.prefix,
    concurrency: options.concurrency ?? 1,
    lockDuration,
    stalledInterval,
    maxStalledCount: 2,
    autorun: true,
    name: options.name ?? `${hostname()}-${process.pid}`,
  };
  // A full disk fails the job at once, named, instead of being retried (see disk-full.ts).
  const guarded = async (job: StageJob<S>, token?: string): Promise<JobResult<S>> => {
    try {
      return await processor(job, token);
    } catch (error) {
      if (isDiskFull(error)) throw diskFullError(error);
      // an error that says retrying cannot help (a corrupt warehouse, say) fails the job at once
      if ((error as { recoverable?: boolean } | null)?.recoverable === false) throw new UnrecoverableError((error as Error).message);
      throw error;
    }
  };
  return new Worker<JobData<S>, JobResult<S>, string>(queueName(stage), guarded, workerOptions);
}

export { UnrecoverableError };
