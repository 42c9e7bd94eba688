import { describe, expect, it } from 'vitest';
import { normaliseCharityNumber, normalisePostcode, normaliseVatNumber, splitVendorCode } from './supplier-identifiers';
import { isRedactedName } from './redaction';

describe('supplier identifiers', () => {
  it.each([
    ['E9 6SR', 'E9 6SR'],
    ['IG117RS', 'IG11 7RS'],
    ['ig11 7rs', 'IG11 7RS'],
    ['SW1A2AA', 'SW1A 2AA'],
    [' HU1  3RE ', 'HU1 3RE'],
    ['not a postcode', null],
    ['', null],
  ])('postcode %j → %j', (text, expected) => expect(normalisePostcode(text)).toBe(expected));

  it.each([
    ['223219932', '223219932'],
    ['GB 223 2199 32', '223219932'],
    ['GB223219932001', '223219932001'],
    ['DE174312921', 'DE174312921'],
    ['160408 27', null],
    ['5658272', null],
    ['12345', null],
    ['', null],
  ])('VAT %j → %j', (text, expected) => expect(normaliseVatNumber(text)).toBe(expected));

  it.each([
    ['1089464', '1089464'],
    ['1089464-1', '1089464-1'],
    ['SC012345', 'SC012345'],
    ['12', null],
  ])('charity %j → %j', (text, expected) => expect(normaliseCharityNumber(text)).toBe(expected));

  it('splits vendor-code prefixes', () => {
    expect(splitVendorCode('UKOC36132301 : Murphy Philipps Associates LLP')).toEqual({
      code: 'UKOC36132301',
      name: 'Murphy Philipps Associates LLP',
    });
    expect(splitVendorCode('Murphy Philipps Associates LLP')).toBeNull();
    expect(splitVendorCode('Note: something')).toBeNull();
  });
});

describe('redaction', () => {
  it.each([
    'REDACTED PERSONAL DATA',
    'REDACTED COMMERCIAL CONFIDENTIALITY',
    'Redacted',
    'Personal data - redacted',
    '*****************************',
    'Name withheld',
    'Private individual',
    'Commercially confidential',
    'Not disclosed',
  ])('%j is redacted', (name) => expect(isRedactedName(name)).toBe(true));

  it.each(['Redactive Ltd', 'Individual Homes Ltd', 'Withers LLP', '', 'A A GuestHouses'])('%j is not redacted', (name) =>
    expect(isRedactedName(name)).toBe(false),
  );

  it('takes extra spellings from the mapping', () => {
    expect(isRedactedName('Supplier not shown', ['supplier not shown'])).toBe(true);
  });
});
