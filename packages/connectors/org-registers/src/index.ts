export { orgRegistersConnector, orgRegistersMappingsDir, orgRegistersSpecSchema, type OrgRegistersSpec, type OrgRegistersSpecInput } from './org-registers-connector';
export { ORG_REGISTER_FIELDS, orgRegisterMappingSchema, loadOrgRegisterMappingFolder, parseOrgRegisterMapping, type OrgRegisterField, type OrgRegisterMapping } from './org-register-mapping';
