import { describe, expect, it } from 'vitest';
import { classifySupplier, sizeBandFromAccounts } from './classification';
import { buildMatchReport, formatMatchReport } from './match-report';

const company = (org_type: string, accounts_category: string | null, name = 'X LIMITED', org_id = 'GB-COH-01234567') => ({ org_id, scheme: org_id.split('-').slice(0, 2).join('-'), name, org_type, accounts_category });

describe('classifySupplier', () => {
  it('uses the accounts category as the SME proxy', () => {
    expect(sizeBandFromAccounts('MICRO ENTITY')).toBe('micro');
    expect(sizeBandFromAccounts('TOTAL EXEMPTION FULL')).toBe('small');
    expect(sizeBandFromAccounts('GROUP')).toBe('large');
    expect(sizeBandFromAccounts('NO ACCOUNTS FILED')).toBe('unknown');
    expect(classifySupplier('X Ltd', { method: 'exact_name', org_id: 'GB-COH-01234567' }, company('Private Limited Company', 'FULL'))).toMatchObject({ organisation_kind: 'company', is_sme: false, is_vcse: false });
  });

  it('finds VCSE suppliers: CIO, CIC, registered society, charity register, publisher flag', () => {
    const m = { method: 'company_number' as const, org_id: 'GB-COH-CE000952' };
    expect(classifySupplier('20-20 Voice', m, company('Charitable Incorporated Organisation', 'NO ACCOUNTS FILED', '"20-20 VOICE" CANCER', 'GB-COH-CE000952'))).toMatchObject({ organisation_kind: 'charity', is_vcse: true });
    expect(classifySupplier('Spectrum', m, company('Community Interest Company', 'SMALL'))).toMatchObject({ organisation_kind: 'cic', is_vcse: true, is_sme: true });
    expect(classifySupplier('Coop', m, company('Registered Society', null, 'X', 'GB-COH-RS000123'))).toMatchObject({ organisation_kind: 'mutual', is_vcse: true });
    expect(classifySupplier('Trust', { method: 'charity_number', org_id: 'GB-CHC-1074622' }, null)).toMatchObject({ organisation_kind: 'charity', is_vcse: true });
    expect(classifySupplier('Community group', { method: 'no_match', org_id: null }, null, true)).toMatchObject({ is_vcse: true, vcse_basis: "the publisher's VCSE flag" });
    expect(classifySupplier('Somebody', { method: 'no_match', org_id: null }, null)).toMatchObject({ is_vcse: null, organisation_kind: 'unknown' });
  });

  it('finds public bodies, individuals and redacted names', () => {
    expect(classifySupplier('North Yorkshire County Council', { method: 'no_match', org_id: null }, null)).toMatchObject({ organisation_kind: 'public_sector', is_public_sector: true, is_vcse: false });
    expect(classifySupplier('St Georges', { method: 'ods_code', org_id: 'GB-NHS-RJ7' }, null)).toMatchObject({ organisation_kind: 'public_sector' });
    expect(classifySupplier('Mr J Bloggs', { method: 'not_an_organisation', org_id: null }, null)).toMatchObject({ organisation_kind: 'individual' });
    expect(classifySupplier(null, { method: 'redacted', org_id: null }, null)).toMatchObject({ organisation_kind: 'redacted' });
  });
});

describe('buildMatchReport', () => {
  it('gives match rates by count and spend, by method, and the unmatched ranked by spend', () => {
    const report = buildMatchReport([
      { name: 'A', spend_pence: 100_00, match: { org_id: 'GB-COH-1', method: 'exact_name' } },
      { name: 'B', spend_pence: 50_00, match: { org_id: null, method: 'no_match' } },
      { name: 'C', spend_pence: 300_00, match: { org_id: null, method: 'ambiguous' } },
      { name: null, spend_pence: 550_00, match: { org_id: null, method: 'redacted' } },
    ]);
    expect(report).toMatchObject({ suppliers: 4, matched_suppliers: 1, match_rate_by_count: 0.25, match_rate_by_spend: 0.1 });
    expect(report.unmatched_by_spend.map((u) => u.name)).toEqual(['C', 'B']);
    expect(report.by_method[0]).toEqual({ method: 'redacted', suppliers: 1, spend_pence: 550_00 });
    expect(formatMatchReport(report)).toContain('£300.00  C  (ambiguous)');
  });
});
