export { grantsConnector, grantsMappingsDir, grantsSpecSchema, type GrantsSpec, type GrantsSpecInput } from './grants-connector';
export { GRANT_FIELDS, grantMappingSchema, loadGrantMappingFolder, parseGrantMapping, type GrantField, type GrantMapping } from './grant-mapping';
