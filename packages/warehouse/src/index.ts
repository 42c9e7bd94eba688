export { loadStagedFile, LoadCountMismatchError, type LoadCounts, type StagedFile } from './loader';
export { migrate } from './migrations';
export { buildModels, modelSql, models, writeAnchors, type ModelDefinition } from './models';
export { publishSnapshot } from './publish';
export { recordRun, type RunRecord } from './run-history';
export {
  openDatabase,
  sqlString,
  withDatabase,
  type OpenOptions,
  type Row,
  type SqlParams,
  type Warehouse,
} from './warehouse-connection';
