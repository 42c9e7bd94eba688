export { loadStagedFile, LoadCountMismatchError, stagedColumns, stagedReader, type LoadCounts, type StagedFile } from './loader';
export { duckdbColumns } from './contract-columns';
export { migrate, sharedMacrosSql } from './migrations';
export { changedAnchors, planBuild, type BuildPlan } from './build-plan';
export { buildModels, type BuildOptions, type BuildResult } from './build-models';
export { geographiesFromConfig, writeAnchors, type AnchorGeography, type GeographyBand } from './config-snapshot';
export { modelSql } from './model-sql';
export { incrementalModels, models, type ModelDefinition, type ModelLayer } from './model-registry';
export { defaultExclusionRules, compileExclusionFlags, type CompiledExclusionFlags, resolveExclusions, type ResolvedExclusions } from './exclusions';
export {
  CATALOGUE_PATH,
  factMetrics,
  factSections,
  metricByName,
  metricCatalogue,
  parseCatalogue,
  rankedIndicators,
  workforceCatalogue,
  type Catalogue,
  type FactMetric,
  type MetricDefinition,
  type MetricPart,
  type MetricUnit,
  type RankedIndicator,
  type WorkforceMetric,
} from './metric-catalogue';
export { indicatorColumns } from './metric-compiler';
export { queryIndicators, type IndicatorFilter, type IndicatorRow, type PeriodType } from './indicator-query';
export { publishSnapshot } from './publish';
export { buildWorkforceIndicators, DEFAULT_SUPPRESSION_THRESHOLD, type WorkforceIndicatorRow } from './workforce-indicators';
export { PERSON_LEVEL_RELATIONS, dropPersonLevelRelations } from './person-level-relations';
export { escapeSpreadsheetCellSql, exportWarehouse, exportableRelations, publishParquet, type ExportFormat, type ParquetReuse, type ExportedTable } from './export';
export { replaceRespendRates } from './respend-rates';
export { ownershipForms, ownershipFormsSchema, parseOwnershipForms, ownershipFormRuleRows, OWNERSHIP_FORM_RULE_COLUMNS, OWNERSHIP_FORMS_PATH, type OwnershipForms } from './ownership-forms';
export { recordRun, type RunRecord } from './run-history';
export {
  openDatabase,
  processDuckdbLimits,
  releaseHeldWriter,
  releaseHeldWriters,
  setProcessDuckdbLimits,
  sqlString,
  WarehouseCorruptError,
  withDatabase,
  withHeldWriter,
  type DuckdbLimits,
  type OpenOptions,
  type Row,
  type SqlParams,
  type Warehouse,
} from './warehouse-connection';
