// The connector contract and how to declare a connector.
export {
  FileRejectedError,
  type Connector,
  type DiscoveredFile,
  type FileFacts,
  type ReadBatch,
  type ReadContext,
  type RowNote,
  type QuarantinedLike,
} from './connector';
export { defineConnector } from './define-connector';

// Sources: where files come from.
export type { Source } from './sources/source';
export { LocalSource } from './sources/local-source';
export { HttpSource, type HttpSourceOptions } from './sources/http-source';
export { sourceFor } from './sources/source-for';

// Formats: records from delimited text and XLSX.
export type { SourceRecord } from './csv/csv-record-assembler';
export { CsvRecordAssembler, UnbalancedQuoteError } from './csv/csv-record-assembler';
export { CsvRecordSource, type CsvSourceOptions } from './csv/csv-record-source';
export { detectDelimiter } from './csv/delimiter-detection';
export { LineDecoder } from './text/line-decoder';
export { XlsxRecordSource, SheetNotFoundError, type XlsxSourceOptions } from './xlsx/xlsx-record-source';
export { JsonRecordSource, JSON_MAX_BYTES } from './json/json-record-source';
export type { RecordSource } from './tabular/record-source';
export { cleanCell, isBlankCell, isBlankRecord } from './tabular/cell-text';

// Values.
export { parseAmountPence, formatPence, type AmountResult } from './values/amount';
export { parseDate, dateOrderEvidence, type DateOrder, type DateResult } from './values/date';
export { normaliseCompanyNumber, companyNumberFromVendorCode } from './values/company-number';
export { normaliseVatNumber, normaliseCharityNumber, normalisePostcode, splitVendorCode } from './values/supplier-identifiers';
export { isRedactedName, DEFAULT_REDACTION_PATTERNS } from './values/redaction';

// Declarative mappings.
export { mappingSchema, CANONICAL_FIELDS, type CanonicalField, type Mapping, type MappingInput } from './mapping/mapping-schema';
export { parseMapping, loadMappingFile, loadMappingFolder, MappingFileError } from './mapping/mapping-files';
export { isMappingPath } from '@cwb/contracts';
export { mappingToYaml } from './mapping/mapping-yaml';

// Inferring a layout with no mapping: the header lexicon and the values.
export { paymentColumnLexicon, parseColumnLexicon, columnLexiconSchema, paymentColumnLexiconPath, type ColumnLexicon } from './inference/column-lexicon';
export { inferLayout, headerNamesRequiredRoles, type LayoutInference, type RoleDecision } from './inference/infer-layout';
export { mappingFromLayout, type LayoutFacts } from './inference/layout-facts';
export { fitMapping, type FittableMapping, type MappingFit } from './mapping/mapping-fit';
export { chooseMapping, type MappingChoice } from './mapping/mapping-choice';
export { describeNonPaymentHeader } from './mapping/non-payment-detection';
export { headerKey, uniqueHeaderNames } from './mapping/header-names';
export { codeLookup } from './mapping/code-lookup';
export { kindMappingSet, type KindMappingSet } from './mapping/kind-mapping-set';
export { parseKindMapping, loadKindMappingFolder, KindMappingFileError, headerAliasesSchema, requireMappedFields, kindMappingFunctions } from './mapping/kind-mapping-files';

// Reading AP files.
export { badRowPolicySchema, BadRowHaltError, type BadRowPolicy } from './tabular/bad-row-policy';
export { readApRecords, planApRead, type ApReadOptions } from './tabular/read-ap-records';
export { renderApFastPathSql, scanLines, transcodeLines, type ApFastPlan, type ApReadRoute } from './fast-path/ap-fast-path';
export { decideDateOrder, readRecordBatches, type RowOutcome, type TabularRecordKind } from './tabular/record-batches';
export { headerSearch, DEFAULT_HEADER_SEARCH_RECORDS, type HeaderSearch } from './tabular/header-search';
export { fieldsForHeader } from './tabular/field-count';
export { mappedKindConnector, type MappedKindConnector, type MappedKindConnectorOptions, type MappedKindReading } from './tabular/mapped-kind-connector';
export { readMappedRecords, type MappedRecordKind } from './tabular/read-mapped-records';
export { findMappedHeader, type MappedHeader, type MappedHeaderOptions } from './tabular/mapped-header';
export { checkTabularFiles, discoverTabularFiles } from './tabular/tabular-file-checks';
export {
  tabularApConnector,
  tabularApSpecSchema,
  tabularFileSpecShape,
  recordSourceFor,
  type TabularApSpec,
  type TabularApSpecInput,
  type TabularApConnectorOptions,
} from './tabular/tabular-ap-connector';

// Reports.
export {
  summariseFile,
  SummaryAccumulator,
  ingestSummarySchema,
  ingestCountsShape,
  ingestFileFactsShape,
  rejectedFileSchema,
  type IngestSummary,
  type RejectedFile,
} from './report/ingest-summary';

// File cursors: an unchanged file is never re-read.
export { fileCursorSchema, hashFile, decideByCursor, type FileCursor, type CursorDecision } from './cursor/file-cursor';
export { MemoryCursorStore, type CursorStore } from './cursor/cursor-store';
export { readIncrementally, type IncrementalEvent } from './cursor/incremental-read';
export { inspectFile, formatInspectReport, type InspectReport } from './report/inspect-report';

// Scaffolding a new connector package (`cwb connector new <name>`).
export { scaffoldConnector, type ScaffoldResult } from './scaffold/scaffold-connector';
