import { z } from 'zod';
import type { SupplierMatch } from './supplier-input';

/** What the register says about the matched organisation (a row of `organisations`). */
export interface OrganisationFacts {
  org_id: string;
  scheme: string;
  name: string;
  org_type: string | null;
  accounts_category: string | null;
}

export const sizeBandSchema = z.enum(['micro', 'small', 'medium', 'large', 'unknown']);
export type SizeBand = z.infer<typeof sizeBandSchema>;

export const organisationKindSchema = z.enum(['company', 'charity', 'cic', 'mutual', 'public_sector', 'individual', 'redacted', 'unknown']);
export type OrganisationKind = z.infer<typeof organisationKindSchema>;

export const supplierClassificationSchema = z.object({
  organisation_kind: organisationKindSchema,
  is_vcse: z.boolean().nullable().describe('Charity, CIO, CIC, co-operative or registered society; null when unknown'),
  vcse_basis: z.string().nullable(),
  is_public_sector: z.boolean(),
  size_band: sizeBandSchema,
  is_sme: z.boolean().nullable().describe('Fewer than 250 staff, by the accounts-category proxy; null when unknown'),
});
export type SupplierClassification = z.infer<typeof supplierClassificationSchema>;

/**
 * Companies House accounts category → size band. The category a company files under is the
 * usual SME proxy: micro and small (including abridged and total-exemption accounts) and
 * medium are SMEs; full and group accounts are treated as large. Dormant companies are micro.
 * A subsidiary filing under its parent's audit exemption, and "no accounts filed", are unknown.
 */
export function sizeBandFromAccounts(category: string | null): SizeBand {
  const c = (category ?? '').trim().toUpperCase();
  if (c === 'MICRO ENTITY' || c === 'DORMANT') return 'micro';
  if (['SMALL', 'TOTAL EXEMPTION SMALL', 'TOTAL EXEMPTION FULL', 'UNAUDITED ABRIDGED', 'AUDITED ABRIDGED', 'PARTIAL EXEMPTION'].includes(c)) return 'small';
  if (c === 'MEDIUM') return 'medium';
  if (c === 'FULL' || c === 'GROUP' || c === 'INITIAL' || c === 'INTERIM') return 'large';
  return 'unknown';
}

const PUBLIC_SECTOR_NAME = [
  /\b(COUNCIL|BOROUGH OF|CITY OF [A-Z]+ COUNCIL|COUNTY COUNCIL|COMBINED AUTHORITY|PARISH COUNCIL|TOWN COUNCIL)\b/i,
  /\bNHS\b|\bNHST\b|\bCCG\b|\bHEALTH BOARD\b|\bCLINICAL COMMISSIONING\b|\bFOUNDATION TRUST\b|\bHOSPITALS? TRUST\b/i,
  /\b(HMRC|HM REVENUE|DEPARTMENT (FOR|OF)|MINISTRY OF|HOME OFFICE|CABINET OFFICE|VALUATION OFFICE|DVLA|DWP|OFSTED|CARE QUALITY COMMISSION|ENVIRONMENT AGENCY|POLICE|FIRE (AND|&) RESCUE|CROWN COURT|MAGISTRATES|HM COURTS|HMCTS|PROBATION SERVICE)\b/i,
  /\b(PRIMARY SCHOOL|JUNIOR SCHOOL|INFANT SCHOOL|ACADEMY TRUST|UNIVERSITY)\b/i,
];

/** Public bodies by name (councils, NHS bodies, government, police, maintained schools). */
export function isPublicSectorName(name: string): boolean {
  return PUBLIC_SECTOR_NAME.some((p) => p.test(name));
}

/**
 * Classify a matched (or unmatched) supplier for the indicators: kind, VCSE, public sector,
 * size band and SME. `publisherVcseFlag` is the publisher's own VCSE column where the file has
 * one (Calderdale's); it makes an unmatched supplier VCSE but never overrides the register.
 */
export function classifySupplier(
  name: string | null,
  match: Pick<SupplierMatch, 'method' | 'org_id'>,
  org: OrganisationFacts | null,
  publisherVcseFlag: boolean | null = null,
): SupplierClassification {
  if (match.method === 'redacted') return { organisation_kind: 'redacted', is_vcse: null, vcse_basis: null, is_public_sector: false, size_band: 'unknown', is_sme: null };
  if (match.method === 'not_an_organisation') return { organisation_kind: 'individual', is_vcse: false, vcse_basis: null, is_public_sector: false, size_band: 'unknown', is_sme: null };
  const publicByName = name !== null && isPublicSectorName(name);
  const scheme = org?.scheme ?? (match.org_id?.split('-').slice(0, 2).join('-') || null);
  const type = (org?.org_type ?? '').toLowerCase();
  const number = org?.org_id.replace(/^GB-COH-/, '') ?? '';
  let kind: OrganisationKind = org ? 'company' : 'unknown';
  let vcseBasis: string | null = null;
  if (scheme === 'GB-CHC' || scheme === 'GB-SC' || scheme === 'GB-NIC') [kind, vcseBasis] = ['charity', 'registered charity'];
  else if (scheme === 'GB-MPR') [kind, vcseBasis] = ['mutual', 'FCA mutuals register (co-operative or registered society)'];
  else if (scheme === 'GB-NHS' || scheme === 'GB-GOR' || scheme === 'GB-LAE' || scheme === 'GB-LAS' || scheme === 'GB-PLA') kind = 'public_sector';
  else if (type.includes('charitable incorporated') || /^(CE|CS)/.test(number)) [kind, vcseBasis] = ['charity', 'charitable incorporated organisation'];
  else if (type.includes('community interest') || /\b(CIC|C\.I\.C\.?)$/i.test(org?.name ?? '')) [kind, vcseBasis] = ['cic', 'community interest company'];
  else if (type.includes('registered society') || type.includes('industrial and provident') || /^(IP|SP|NP|RS)/.test(number)) [kind, vcseBasis] = ['mutual', 'registered society'];
  if (kind !== 'public_sector' && publicByName && !vcseBasis) kind = 'public_sector';
  if (!vcseBasis && publisherVcseFlag === true) vcseBasis = "the publisher's VCSE flag";
  const size = kind === 'company' || kind === 'cic' || kind === 'charity' || kind === 'mutual' ? sizeBandFromAccounts(org?.accounts_category ?? null) : 'unknown';
  const isVcse = vcseBasis !== null ? true : kind === 'public_sector' ? false : org ? false : null;
  return {
    organisation_kind: kind,
    is_vcse: isVcse,
    vcse_basis: vcseBasis,
    is_public_sector: kind === 'public_sector',
    size_band: size,
    is_sme: size === 'unknown' ? null : size !== 'large',
  };
}
