import { describe, expect, it } from 'vitest';
import { sharedMacrosSql } from './migrations';
import { ownershipRulePrioritySql, parseOwnershipForms } from './ownership-forms';
import { withDatabase } from './warehouse-connection';

const mapping = parseOwnershipForms(
  `forms:
  community_interest_company: { label: CIC, plural: true }
  mutual: { label: Mutual, plural: true }
  other: { label: Other, plural: false }
rules:
  - { form: mutual, register: coops_uk, ownership_classification: 'Consumer.*' }
  - { form: community_interest_company, name: ".*\\\\bCIC" }
  - { form: mutual, name: ".*'S MUTUAL SOCIETY|.*\\\\bCIC MUTUAL" }
  - { form: other, register: '.+' }
`,
  'test mapping',
);

describe('ownershipRulePrioritySql', () => {
  it('gives the first rule whose conditions all hold, each pattern a constant, holding as ownership_rule_holds says (case-insensitive, the whole value)', async () => {
    const expression = ownershipRulePrioritySql({ register: 'o.register', ownership_classification: 'o.classification', name: 'o.name' }, mapping);
    expect(expression).toBe(
      "case when ownership_rule_holds('coops_uk', o.register) and ownership_rule_holds('Consumer.*', o.classification) then 1 " +
        "when ownership_rule_holds('.*\\bCIC', o.name) then 2 when ownership_rule_holds('.*''S MUTUAL SOCIETY|.*\\bCIC MUTUAL', o.name) then 3 " +
        "when ownership_rule_holds('.+', o.register) then 4 end",
    );
    const rows = await withDatabase(':memory:', { mode: 'read_write' }, async (w) => {
      await w.run(await sharedMacrosSql());
      return w.all<{ name: string; priority: number | null }>(
        `select name, ${expression} as priority
         from (values ('Locala Community Partnerships cic', null, null), ('Ideas CIC Mutual', null, null), ('Farmers''s Mutual Society', null, null),
                      ('CICERO LTD', null, null), ('Co-op', 'COOPS_UK', 'consumer-owned'), ('Co-op CIC', 'coops_uk', 'Worker'), ('Nothing', null, null))
              as o(name, register, classification)
         order by name`,
      );
    });
    expect(rows).toEqual([
      { name: 'CICERO LTD', priority: null },
      { name: 'Co-op', priority: 1 },
      { name: 'Co-op CIC', priority: 2 },
      { name: "Farmers's Mutual Society", priority: 3 },
      { name: 'Ideas CIC Mutual', priority: 3 },
      { name: 'Locala Community Partnerships cic', priority: 2 },
      { name: 'Nothing', priority: null },
    ]);
  });

  it('skips the rules that test a field the model has not got', () => {
    expect(ownershipRulePrioritySql({ name: 'n.supplier_name' }, mapping)).toBe(
      "case when ownership_rule_holds('.*\\bCIC', n.supplier_name) then 2 when ownership_rule_holds('.*''S MUTUAL SOCIETY|.*\\bCIC MUTUAL', n.supplier_name) then 3 end",
    );
    expect(ownershipRulePrioritySql({ register: 'o.register', ownership_classification: null }, mapping)).toBe("case when ownership_rule_holds('.+', o.register) then 4 end");
    expect(ownershipRulePrioritySql({ legal_form: 'o.legal_form' }, mapping)).toBe('cast(null as integer)');
  });
});
