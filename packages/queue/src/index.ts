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
export { claimActiveRun, claimedRunId, releaseActiveRun, type ActiveRunClaim } from './active-run';
export { createAlertHook, alertSchema, type Alert, type AlertDelivery, type AlertHookOptions, type AlertLogger } from './alert-hook';
export {
  confirmFileLoaded,
  fileCursorSchema,
  forgetFileCursors,
  loadedFileCursors,
  planFileCursors,
  touchFileCursor,
  type FileCursor,
} from './file-cursors';
export { openRedis, withRedis } from './redis-client';
export { redisKeys } from './redis-keys';
export { checkRedisSettings, maskRedisUrl, warnAboutRedisSettings, type RedisSettingsLogger } from './redis-settings-check';
export { markRunLost, recentRunIds, recordRunEntry, runEntry, runEntrySchema, runTriggerSchema, type RunEntry, type RunTrigger } from './run-ledger';
export { deadLetters, describeRun, listRuns, type DeadLetter, type RunReport, type StageReport } from './run-report';
export { isRunActive, runState, type RunState, type RunStatus } from './run-state';
export { triggerRefresh, type TriggerOutcome } from './trigger-refresh';
export { retryRun } from './retry-run';
export { redisKeyedCache, type KeyedCache } from './keyed-cache';
export { diskFullError, isDiskFull } from './disk-full';
