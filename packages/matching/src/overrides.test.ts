import { describe, expect, it } from 'vitest';
import { OverrideIndex, parseOverrides } from './overrides';

describe('parseOverrides', () => {
  it('reads entries with their line and finds them by id, name and anchor', () => {
    const overrides = parseOverrides('overrides:\n  - supplier_name: Acme Ltd\n    org_id: GB-COH-01234567\n  - supplier_id: V1\n    anchor_id: leeds\n    postcode: ls1 4dy\n', 'x.yaml');
    expect(overrides.map((o) => o.source)).toEqual(['x.yaml:2', 'x.yaml:4']);
    const index = new OverrideIndex(overrides);
    expect(index.find({ name: 'ACME LIMITED' })?.org_id).toBe('GB-COH-01234567');
    expect(index.find({ name: 'Other', supplier_id: 'V1' }, 'leeds')?.postcode).toBe('ls1 4dy');
    expect(index.find({ name: 'Other', supplier_id: 'V1' }, 'calderdale')).toBeNull();
  });

  it.each([
    ['overrides:\n  - org_id: GB-COH-01234567\n', /x\.yaml:2: override #1: entry: give supplier_name or supplier_id/],
    ['overrides:\n  - supplier_name: A\n    org_id: COH-01234567\n', /x\.yaml:2: override #1: org_id: an org-id such as/],
    ['overrides:\n  - supplier_name: A\n    org_id: GB-COH-01234567\n    not_an_organisation: true\n', /org_id, not_an_organisation and no_match contradict/],
    ['overrides:\n  - supplier_name: A\n    postcode: nowhere\n', /postcode: a UK postcode/],
    ['overrides:\n  - supplier_name: A\n    orgid: GB-COH-01234567\n', /x\.yaml:2: override #1/],
    ['overrides:\n  - supplier_name: Acme Ltd\n    org_id: GB-COH-01234567\n  - supplier_name: ACME LIMITED\n    not_an_organisation: true\n', /x\.yaml:4: override #2 selects the same supplier as the entry on line 2/],
    ['suppliers: []\n', /x\.yaml:1: expected a mapping with one key, overrides:/],
    ['overrides: [\n', /x\.yaml:\d+: not valid YAML/],
  ])('rejects %j', (text, error) => {
    expect(() => parseOverrides(text, 'x.yaml')).toThrow(error);
  });
});
