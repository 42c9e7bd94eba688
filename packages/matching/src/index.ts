export { normaliseName, normaliseNameSql, nameTokens, splitTradingAs } from './name-normalisation';
export { jaroWinkler, weightedTokenOverlap } from './string-similarity';
export { buildNameIndex, NORMALISATION_VERSION } from './name-index';
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
export { SupplierMatcher, DEFAULT_THRESHOLD, DEFAULT_MARGIN, type MatcherOptions } from './supplier-matcher';
