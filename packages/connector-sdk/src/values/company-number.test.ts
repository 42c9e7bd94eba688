import { describe, expect, it } from 'vitest';
import { companyNumberFromVendorCode, normaliseCompanyNumber } from './company-number';

describe('normaliseCompanyNumber', () => {
  it.each([
    ['03350709', '03350709'],
    ['3350709', '03350709'],
    ['4869035', '04869035'],
    ['317886', '00317886'],
    ['sc123456', 'SC123456'],
    ['SC 13995', 'SC013995'],
    ['OC361323', 'OC361323'],
    ['NI012345', 'NI012345'],
    ['FC031362', 'FC031362'],
    ['CE000952', 'CE000952'],
    ['R0000123', 'R0000123'],
  ])('%j → %j', (text, expected) => expect(normaliseCompanyNumber(text)).toBe(expected));

  it.each(['', '0', '00000000', 'N/A', '123456789', 'XX123456', 'Personal Budgets'])('%j → null', (text) =>
    expect(normaliseCompanyNumber(text)).toBeNull(),
  );
});

describe('companyNumberFromVendorCode (Kingston vendor codes)', () => {
  it.each([
    ['UKOC36132301', 'OC361323'],
    ['UKSC13995301', 'SC139953'],
    ['UK1088171501', '10881715'],
    ['UK0006253701', '00062537'],
    ['UK0092855501', '00928555'],
  ])('%j → %j', (code, expected) => expect(companyNumberFromVendorCode(code)).toBe(expected));

  it.each(['HRB851100001', 'NHS0000RJ701', 'NRB000244401', 'WPS00E504301', 'UK123'])('%j holds no company number', (code) =>
    expect(companyNumberFromVendorCode(code)).toBeNull(),
  );
});
