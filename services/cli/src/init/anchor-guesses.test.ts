import { describe, expect, it } from 'vitest';
import { anchorGuesses, bodyColumnCandidates, fileNameKey, guessAnchorType, guessHome, looksLikeBodyName } from './anchor-guesses';

const guesses = anchorGuesses();
// Real LAD23 names, including the "X, City of" form and names inside other names.
const lads = [
  { code: 'E07000123', name: 'Preston' },
  { code: 'E08000035', name: 'Leeds' },
  { code: 'E09000002', name: 'Barking and Dagenham' },
  { code: 'E06000010', name: 'Kingston upon Hull, City of' },
  { code: 'E06000023', name: 'Bristol, City of' },
  { code: 'E09000021', name: 'Kingston upon Thames' },
  { code: 'E07000117', name: 'Burnley' },
  { code: 'E07000120', name: 'Hyndburn' },
];

describe('cwb init: guessing an anchor from its name', () => {
  it.each([
    ['Preston City Council', 'E07000123'],
    ['LEEDS CITY COUNCIL', 'E08000035'],
    ['London Borough of Barking & Dagenham', 'E09000002'],
    ['NHS Barking And Dagenham CCG', 'E09000002'],
    ['Hull City Council', null],
    ['Kingston upon Hull City Council', 'E06000010'],
    ['Bristol City Council', 'E06000023'],
    ['Royal Free London NHS Foundation Trust', null],
  ])('%s → home %s', (name, code) => {
    const home = guessHome(name, lads, guesses);
    expect(home.lad?.code ?? null).toBe(code);
    expect(home.evidence.length).toBeGreaterThan(0);
  });

  it('refuses to choose between two places named equally well', () => {
    const home = guessHome('Burnley and Hyndburn Partnership', lads, guesses);
    expect(home.lad).toBeNull();
    expect(home.evidence).toMatch(/Burnley .* and Hyndburn .*pick one/);
  });

  it.each([
    ['Preston City Council', 'council'],
    ['NHS Barking And Dagenham CCG', 'nhs_ccg'],
    ['Chelsea & Westminster NHS Foundation Trust', 'nhs_trust'],
    ['Epsom & ST Helier University Hospital', 'nhs_trust'],
    ['University of Central Lancashire', 'university'],
    ['Lancashire Constabulary Police', 'police'],
    ['Community Gateway Housing Association', 'housing_association'],
    ['Lambeth', 'other'],
  ])('%s is a %s', (name, type) => {
    expect(guessAnchorType(name, guesses).type).toBe(type);
  });

  it('finds the body-name column by its header, best name first, and reads only name-like cells as bodies', () => {
    expect(bodyColumnCandidates(['Body', 'BodyName', 'Date', 'NetAmount'], guesses)).toEqual([1, 0]);
    expect(bodyColumnCandidates(['Department Family', 'Entity', 'Date', 'amount'], guesses)).toEqual([1]);
    expect(bodyColumnCandidates(['Date', 'Supplier', 'Amount'], guesses)).toEqual([]);
    expect(looksLikeBodyName('Leeds City Council')).toBe(true);
    expect(looksLikeBodyName('http://statistics.data.gov.uk/doc/local-authority/00DA')).toBe(false);
    expect(looksLikeBodyName('00DA')).toBe(false);
  });

  it('reads whose a file is from its name, before any date, without words such as "spend"', () => {
    expect(fileNameKey('leeds_2020-06_windows1252', guesses)).toBe('leeds');
    expect(fileNameKey('Preston-spend-over-500-2023-04', guesses)).toBe('preston');
    expect(fileNameKey('2023-04 spend', guesses)).toBe('2023-04 spend');
    expect(fileNameKey('spend_2023_preston', guesses)).toBe('preston');
  });
});
