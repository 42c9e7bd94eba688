export { landAssetsConnector, landAssetsMappingsDir, landAssetsSpecSchema, type LandAssetsSpec, type LandAssetsSpecInput } from './land-assets-connector';
export { LAND_FIELDS, landMappingSchema, loadLandMappingFolder, parseLandMapping, type LandField, type LandMapping } from './land-mapping';
export { nhsEricConnector, ericMappingsDir, nhsEricSpecSchema, type NhsEricSpec, type NhsEricSpecInput } from './nhs-eric-connector';
export { ERIC_FIELDS, ericMappingSchema, loadEricMappingFolder, parseEricMapping, type EricField, type EricMapping } from './eric-mapping';
