export {
  hrExtractConnector,
  hrExtractMappingsDir,
  hrExtractSpecSchema,
  type HrExtractConnectorOptions,
  type HrExtractSpec,
  type HrExtractSpecInput,
} from './hr-extract-connector';
export { employeeKey, ephemeralHashKey, hashKeyFromEnvironment, HashKeyError, HASH_KEY_VARIABLE } from './employee-key';
export { hourlyPayPence, WEEKS_PER_YEAR, type PayInput } from './hourly-pay';
export {
  WORKFORCE_FIELDS,
  workforceMappingSchema,
  parseWorkforceMapping,
  loadWorkforceMappingFolder,
  WorkforceMappingFileError,
  type WorkforceField,
  type WorkforceMapping,
} from './workforce-mapping';
export { hrIngestSummarySchema, HrSummaryAccumulator, summariseHrFile, type HrIngestSummary, type HrSummaryResult } from './hr-ingest-summary';
export { dryRunHrIngest } from './dry-run';
