export { normaliseName, normaliseNameSql, nameTokens, splitTradingAs } from './name-normalisation';
export { jaroWinkler, weightedTokenOverlap } from './string-similarity';
export { buildNameIndex, NORMALISATION_VERSION } from './name-index';
export { matcherModelVersion, SCORING_VERSION, shippedNameScores, parseNameScores, nameScoresSchema, type NameScores } from './name-scores';
export { shippedPlaceWords } from './place-words';
export {
  COMPARISONS,
  matchProbability,
  estimateMatchWeights,
  parseMatchWeights,
  shippedMatchWeights,
  matchWeightsSchema,
  type MatchWeights,
  type ComparisonVector,
  type LabelledPair,
} from './match-weights';
export { notAnOrganisationReason } from './individual-detection';
export {
  supplierInputSchema,
  supplierMatchSchema,
  matchCandidateSchema,
  matchMethodSchema,
  MATCH_METHODS,
  type SupplierInput,
  type SupplierMatch,
  type MatchCandidate,
  type MatchMethod,
} from './supplier-input';
export { overrideSchema, parseOverrides, loadOverridesFile, OverrideIndex, OverridesFileError, type Override, type LocatedOverride } from './overrides';
export { SupplierMatcher, matchEvidence, chosenProbability, odsCodeFromVendorCode, DEFAULT_THRESHOLD, DEFAULT_MARGIN, MATCH_BATCH_SIZE, type MatcherOptions } from './supplier-matcher';
export {
  classifySupplier,
  sizeBandFromAccounts,
  isPublicSectorName,
  supplierClassificationSchema,
  sizeBandSchema,
  organisationKindSchema,
  type SupplierClassification,
  type OrganisationFacts,
  type SizeBand,
  type OrganisationKind,
} from './classification';
export { buildMatchReport, formatMatchReport, type MatchReport, type ReportLine, type MethodTotals } from './match-report';
export { matchCsvFile, type CsvMatchResult } from './csv-matching';
export {
  truthCaseSchema,
  readTruthCsv,
  evaluateMatcher,
  scoreMatches,
  formatEvaluation,
  sweepThresholds,
  thresholdForPrecision,
  formatSweep,
  CONFIDENCE_BANDS,
  PROBABILITY_BANDS,
  type ProbabilityBand,
  SWEEP_THRESHOLDS,
  type ThresholdPoint,
  type TruthCase,
  type MatchEvaluation,
  type NameOnlyBound,
  type EvaluatedCase,
  type ConfidenceBand,
} from './match-evaluation';
export { withTemporaryRegisters, type RegisterFile } from './temporary-registers';
export {
  reviewRows,
  writeReviewCsv,
  readReviewDecisions,
  overridesYaml,
  REVIEW_COLUMNS,
  DEFAULT_REVIEW_FLOOR,
  type ReviewInput,
  type ReviewDecisions,
} from './review-file';
