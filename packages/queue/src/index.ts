export { redisConnectionOptions, redisUrlFromEnv } from './connection';
export {
  createFlowProducer,
  createQueue,
  createQueueEvents,
  createWorker,
  defaultJobOptions,
  parsePayload,
  UnrecoverableError,
  type StageJob,
  type StageQueue,
  type StageWorkerOptions,
} from './factories';
export {
  jobId,
  queueName,
  stageNames,
  type BuildModelsResult,
  type JobData,
  type JobName,
  type JobResult,
  type RefreshResult,
  type StageJobs,
  type StageName,
  type Topology,
} from './topology';
