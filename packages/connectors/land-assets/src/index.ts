export { landAssetsConnector, landAssetsMappingsDir, landAssetsSpecSchema, type LandAssetsSpec, type LandAssetsSpecInput } from './land-assets-connector';
export { LAND_FIELDS, landMappingSchema, loadLandMappingFolder, parseLandMapping, type LandField, type LandMapping } from './land-mapping';
