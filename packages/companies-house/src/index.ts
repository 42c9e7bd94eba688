export { RegisterInputError, type RegisterInputErrorDetails } from './register-input-error';
export { ORG_ID_SCHEMES, orgId, companyOrgId, splitOrgId, type OrgIdScheme } from './org-id';
export { REGISTERS_DDL, createRegistersSchema } from './registers-schema';
export { openRegisters, withRegisters, type RegistersDatabase, type OpenRegistersOptions } from './registers-database';
export { BASIC_COMPANY_COLUMNS, checkBasicCompanyHeader, loadBasicCompanyData } from './basic-company-data';
export { PSC_KINDS, loadPscSnapshot } from './psc-snapshot';
export { MAX_OWNERSHIP_DEPTH, resolveOwnership } from './ownership-chain';
export {
  registerMappingSchema,
  GENERIC_REGISTER,
  CHARITY_COMMISSION_REGISTER,
  FCA_MUTUALS_REGISTER,
  NHS_TRUSTS_REGISTER,
  REGISTER_MAPPINGS,
  loadOrganisationRegister,
  type RegisterMapping,
  type RegisterMappingInput,
  type RegisterMappingName,
} from './org-register';
export {
  loadOtherNames,
  otherNamesMappingSchema,
  OTHER_NAMES_MAPPINGS,
  GENERIC_OTHER_NAMES,
  CHARITY_COMMISSION_OTHER_NAMES,
  type OtherNamesMapping,
  type OtherNamesMappingName,
  type OtherNamesLoad,
} from './other-names';
export { BASIC_COMPANY_HEADER_LINE, writeGeneratedBasicCompanyData, type GeneratedCompanyOptions } from './generated-company-data';
export {
  CompaniesHouseApiClient,
  COMPANIES_HOUSE_RATE_LIMIT,
  COMPANIES_HOUSE_API_URL,
  companyProfileSchema,
  apiClientConfigSchema,
  apiClientConfigFromEnv,
  accountsCategoryFromApi,
  upsertApiCompanies,
  type CompanyProfile,
  type CompanyLookup,
  type ApiClientConfig,
} from './companies-house-api';
