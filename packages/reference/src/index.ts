export { normalisePostcode, normalisePostcodeSql } from './postcode-format';
export { ReferenceInputError, type ReferenceInputErrorDetails } from './reference-input-error';
export { POSTCODE_COLUMN_PATTERNS, detectPostcodeColumns, postcodeColumnsSchema, type PostcodeColumns } from './postcode-columns';
export { IOD_COLUMN_PATTERNS } from './deprivation-england';
export { WIMD_COLUMN_PATTERNS } from './deprivation-wales';
export { detectAreaColumns, areaFileKindSchema, type AreaFileKind, type AreaColumns } from './area-loader';
export { AREA_SUCCESSORS_FILE } from './area-successors';
export { REFERENCE_TABLES, TABLES_BY_KIND, type ReferenceTable, type ReferenceInputKind } from './reference-schema';
export { withQueryProgress } from './query-progress';
export { buildReference, buildReferenceOptionsSchema, type BuildReferenceOptions, type BuiltReference, type BuildProgress } from './reference-build';
export { currentReferencePath, readReferencePointer, referencePointerSchema, POINTER_FILE, type ReferencePointer } from './reference-pointer';
export { ReferenceReader, locatePostcodes, type PostcodeDescription } from './reference-reader';
export {
  postcodeLocationSchema,
  locationMethodSchema,
  imdNationSchema,
  type PostcodeLocation,
  type LocationMethod,
  type ImdNation,
} from './postcode-location';
export {
  placeKindSchema,
  placeDefinitionSchema,
  placesFileSchema,
  loadPlacesFile,
  loadPlacesDir,
  shippedPlaces,
  shippedPlace,
  SHIPPED_PLACES_DIR,
  type PlaceKind,
  type PlaceDefinition,
} from './places';
export { loadAreaTable, currentLadCode, ladEntrySchema, type AreaTable, type LadEntry } from './area-table';
export { validatePlaces, type PlaceIssue } from './place-validation';
export {
  placeHierarchyFor,
  locationBandSchema,
  type LocationBand,
  type BandDefinition,
  type PlaceHierarchy,
  type PlaceHierarchyOptions,
} from './place-hierarchy';
