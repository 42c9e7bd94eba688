export { foldersToAllow } from './config-paths';
export { cwbConfigSchema, partnershipSchema, type CwbConfig, type Partnership } from './config-schema';
export {
  ConfigError,
  dataPaths,
  defaultConfigPath,
  loadConfig,
  parseConfig,
  type DataPaths,
  type LoadedConfig,
} from './load-config';
export { scheduleSchema, scheduledRefreshSchema, type ScheduleConfig, type ScheduledRefresh } from './schedule-schema';
export {
  DEFAULT_LOADER_CHECKPOINT_THRESHOLD,
  DEFAULT_LOADER_HOLD_MS,
  DEFAULT_LOADER_MEMORY_LIMIT,
  DEFAULT_LOADER_THREADS,
  loaderDuckdbSettings,
  loaderHold,
  type LoaderDuckdbSettings,
  type LoaderHold,
} from './duckdb-settings';
