export { ensureConfiguredReference, type ConfiguredReference, type ReferenceState } from './configured-reference';
export { clockChanges, type ClockChange } from './clock-changes';
export { newRunId, refreshPayload, scheduledRunId, type RefreshPayloadOptions } from './refresh-payload';
export { watchRuns, type RunWatcher, type RunWatcherOptions } from './run-watcher';
export { checkSchedule, nextFireTimes, ScheduleError } from './schedule-plan';
export { startScheduler, type Scheduler, type SchedulerOptions } from './start-scheduler';
