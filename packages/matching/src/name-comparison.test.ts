import { describe, expect, it } from 'vitest';
import { alignAbbreviations, alignSpacing, isAbbreviationOf, isMisspellingOf, nameRelation, withoutRepeatedAcronyms } from './name-comparison';
import { editDistance } from './string-similarity';

const words = (text: string) => text.split(' ');

describe('name comparison', () => {
  const misspelling = { min_length: 6, two_edits_from_length: 10 };
  it('reads a long word one edit away (two in longer words) as the candidate word, never a short one', () => {
    expect(editDistance('PRCATICE', 'PRACTICE')).toBe(1);
    expect(editDistance('PRIOPERATIVE', 'PERIOPERATIVE')).toBe(1);
    expect(editDistance('OPPURTUNITY', 'OPPORTUNITY')).toBe(1);
    expect(editDistance('KITTEN', 'SITTING', 1)).toBe(2);
    expect(isMisspellingOf('PRCATICE', 'PRACTICE', misspelling)).toBe(true);
    expect(isMisspellingOf('EPILESPSY', 'EPILEPSY', misspelling)).toBe(true);
    expect(isMisspellingOf('CARS', 'CARE', misspelling)).toBe(false);
    expect(isMisspellingOf('HEARING', 'HEATING', misspelling)).toBe(true);
    expect(isMisspellingOf('BRISTOL', 'BRIXTON', misspelling)).toBe(false);
    // Only when the ledger's spelling is the rarer word: HEARING and HEATING are both words.
    const common = new Set(['HEARING', 'HEATING']);
    const rarer = (a: string, b: string) => !common.has(a) || !common.has(b);
    expect(alignAbbreviations(words('HEARING SERVICES'), words('HEATING SERVICES'), rarer, misspelling).tokens).toEqual(words('HEARING SERVICES'));
    expect(alignAbbreviations(words('ASSOC FOR PRIOPERATIVE PRCATICE'), words('ASSOC FOR PERIOPERATIVE PRACTICE'), rarer, misspelling).tokens).toEqual(words('ASSOC FOR PERIOPERATIVE PRACTICE'));
    expect(alignAbbreviations(words('ASSOC FOR PRIOPERATIVE PRCATICE'), words('ASSOC FOR PERIOPERATIVE PRACTICE'), rarer).tokens).toEqual(words('ASSOC FOR PRIOPERATIVE PRCATICE'));
  });

  it('joins two neighbouring words that the other name writes as one, in either name', () => {
    expect(alignSpacing(words('LEWIS MANNING HOSPICE'), words('LEWISMANNING HOSPICE CARE'))).toEqual({ ledger: words('LEWISMANNING HOSPICE'), candidate: words('LEWISMANNING HOSPICE CARE'), joined: 1 });
    expect(alignSpacing(words('OPENEYES FOUNDATION'), words('OPEN EYES FOUNDATION')).candidate).toEqual(words('OPENEYES FOUNDATION'));
    // Words the other name has on their own stay apart (CARE and HOME are both its words).
    expect(alignSpacing(words('CARE HOME SERVICES'), words('CARE HOME CAREHOME')).ledger).toEqual(words('CARE HOME SERVICES'));
    expect(alignSpacing(words('ACME BUILDING'), words('ACME BUILDERS')).joined).toBe(0);
  });

  it('splits a word that is a word of the other name with a place or branch word run on', () => {
    const runOn = (w: string) => ['CARE', 'WEST', 'BRIGHTON'].includes(w);
    expect(alignSpacing(words('QUENBY HOSPICECARE'), words('QUENBY HOSPICE'), runOn).ledger).toEqual(words('QUENBY HOSPICE CARE'));
    expect(alignSpacing(words('ACORN CENTRE'), words('ACORN CENTREWEST'), runOn).candidate).toEqual(words('ACORN CENTRE WEST'));
    // Not without the run-on words; not when a part is shorter than four letters.
    expect(alignSpacing(words('QUENBY HOSPICECARE'), words('QUENBY HOSPICE')).ledger).toEqual(words('QUENBY HOSPICECARE'));
    expect(alignSpacing(words('BRIGHTON'), words('BRIGHT'), (w) => w === 'ON').ledger).toEqual(words('BRIGHTON'));
  });

  it('drops an acronym written beside the words it stands for, and nothing else', () => {
    expect(withoutRepeatedAcronyms(words('CGL CHANGE GROW LIVE'))).toEqual(words('CHANGE GROW LIVE'));
    expect(withoutRepeatedAcronyms(words('WEST YORKSHIRE COMMUNITY CHAPLAINCY PROJECT WYCCP'))).toEqual(words('WEST YORKSHIRE COMMUNITY CHAPLAINCY PROJECT'));
    expect(withoutRepeatedAcronyms(words('ROYAL NATIONAL INSTITUTE OF THE BLIND RNIB'))).toEqual(words('ROYAL NATIONAL INSTITUTE OF THE BLIND'));
    expect(withoutRepeatedAcronyms(words('ANAWIM WWT WOMEN WORKING TOGETHER'))).toEqual(words('ANAWIM WOMEN WORKING TOGETHER'));
    expect(withoutRepeatedAcronyms(words('ACME BUILDING CONTRACTORS'))).toEqual(words('ACME BUILDING CONTRACTORS'));
    expect(withoutRepeatedAcronyms(words('HQIP'))).toEqual(words('HQIP'));
  });

  it('recognises a word written short only with its first letter and the rest in order', () => {
    expect(isAbbreviationOf('LANCS', 'LANCASHIRE')).toBe(true);
    expect(isAbbreviationOf('HCARE', 'HEALTHCARE')).toBe(true);
    expect(isAbbreviationOf('PAEDS', 'PAEDIATRICS')).toBe(true);
    expect(isAbbreviationOf('WARKS', 'WARWICKSHIRE')).toBe(true);
    expect(isAbbreviationOf('ACE', 'PEACE')).toBe(false);
    expect(isAbbreviationOf('HOME', 'HOMES')).toBe(false);
    expect(isAbbreviationOf('LANCS', 'LINCOLNSHIRE')).toBe(false);
  });

  it('rewrites initials and short words towards the candidate, and only when the short form is the rarer word', () => {
    expect(alignAbbreviations(words('HACKNEY CVS'), words('HACKNEY COUNCIL FOR VOLUNTARY SERVICE'))).toEqual({ tokens: words('HACKNEY COUNCIL FOR VOLUNTARY SERVICE'), expanded: 1 });
    expect(alignAbbreviations(words('CANCERCARE NORTH LANCS'), words('CANCERCARE NORTH LANCASHIRE')).tokens).toEqual(words('CANCERCARE NORTH LANCASHIRE'));
    const careIsAWord = (short: string) => short !== 'CARE';
    expect(alignAbbreviations(words('ACME CARE'), words('ACME CAREERS'), careIsAWord).tokens).toEqual(words('ACME CARE'));
  });

  it('says when one name is the other with words added before or after', () => {
    expect(nameRelation(words('ST JOHN AMBULANCE KENT'), words('ST JOHN AMBULANCE'))).toEqual({ kind: 'ledger_extends', extra: ['KENT'] });
    // Equal but for the small words.
    expect(nameRelation(words('GUILD FOR THE PARTIALLY SIGHTED'), words('GUILD OF PARTIALLY SIGHTED'))).toEqual({ kind: 'equal' });
    expect(nameRelation(words('TRUST JEWISH CARE'), words('JEWISH CARE'))).toEqual({ kind: 'ledger_extends', extra: ['TRUST'] });
    expect(nameRelation(words('HELP THE HOSPICES'), words('HELP THE HOSPICES TRADING'))).toEqual({ kind: 'register_extends', extra: ['TRADING'] });
    // The register's name may add words between the ledger's; the ledger's may not.
    expect(nameRelation(words('HOMESTART MID SUFFOLK'), words('HOMESTART MID AND WEST SUFFOLK'))).toEqual({ kind: 'register_extends', extra: ['AND', 'WEST'] });
    expect(nameRelation(words('RELATE SHROPSHIRE AND HEREFORDSHIRE'), words('RELATE SHROPSHIRE HEREFORDSHIRE AND NORTH STAFFS'))).toEqual({ kind: 'register_extends', extra: ['NORTH', 'STAFFS'] });
    expect(nameRelation(words('CANTERBURY CHRISTCHURCH COLLEGE'), words('CANTERBURY COLLEGE'))).toEqual({ kind: 'other' });
    expect(nameRelation(words('ACME'), words('ACME'))).toEqual({ kind: 'equal' });
    expect(nameRelation(words('ACME NORTH SUPPLIES'), words('ACME SUPPLIES'))).toEqual({ kind: 'other' });
  });
});
