import { normaliseCompanyNumber } from '@cwb/connector-sdk';

/**
 * org-id.guide identifiers: `GB-COH-<company number>` (Companies House), `GB-CHC-<charity
 * number>` (Charity Commission for England and Wales), `GB-MPR-<number>` (FCA Mutuals Public
 * Register: co-operatives and registered societies), `GB-SC-` (OSCR), `GB-NIC-` (Charity
 * Commission for Northern Ireland), `GB-NHS-` (NHS ODS codes), `GB-GOR-` (government
 * organisations), `GB-LAE-`/`GB-LAS-`/`GB-PLA-` (local authorities).
 */
export const ORG_ID_SCHEMES = ['GB-COH', 'GB-CHC', 'GB-MPR', 'GB-SC', 'GB-NIC', 'GB-NHS', 'GB-GOR', 'GB-LAE', 'GB-LAS', 'GB-PLA', 'GB-EDU', 'GB-UKPRN'] as const;
export type OrgIdScheme = (typeof ORG_ID_SCHEMES)[number];

export function orgId(scheme: string, number: string): string {
  return `${scheme}-${number}`;
}

/** `GB-COH-` + the 8-character company number, or null when the number is not one. */
export function companyOrgId(companyNumber: string): string | null {
  const n = normaliseCompanyNumber(companyNumber);
  return n === null ? null : orgId('GB-COH', n);
}

/** The scheme and number of an org-id (`GB-COH-03350709` → GB-COH, 03350709). */
export function splitOrgId(id: string): { scheme: string; number: string } | null {
  const match = /^([A-Z]{2}-[A-Z]{2,6})-(.+)$/.exec(id);
  return match ? { scheme: match[1] ?? '', number: match[2] ?? '' } : null;
}
