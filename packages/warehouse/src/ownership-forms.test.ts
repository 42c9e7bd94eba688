import { describe, expect, it } from 'vitest';
import { sharedMacrosSql } from './migrations';
import { nameRulePrioritySql, parseOwnershipForms } from './ownership-forms';
import { withDatabase } from './warehouse-connection';

const mapping = parseOwnershipForms(
  `forms:
  community_interest_company: { label: CIC, plural: true }
  mutual: { label: Mutual, plural: true }
  other: { label: Other, plural: false }
rules:
  - { form: mutual, register: coops_uk }
  - { form: community_interest_company, name: ".*\\\\bCIC" }
  - { form: mutual, name: ".*'S MUTUAL SOCIETY|.*\\\\bCIC MUTUAL" }
  - { form: other, register: '.+' }
`,
  'test mapping',
);

describe('nameRulePrioritySql', () => {
  it("gives the first name rule that holds, each pattern a constant, holding as ownership_rule_holds says (case-insensitive, the whole name)", async () => {
    const expression = nameRulePrioritySql('names.supplier_name', mapping);
    expect(expression).toBe(
      `case when ownership_rule_holds('.*\\bCIC', names.supplier_name) then 2 when ownership_rule_holds('.*''S MUTUAL SOCIETY|.*\\bCIC MUTUAL', names.supplier_name) then 3 end`,
    );
    const rows = await withDatabase(':memory:', { mode: 'read_write' }, async (w) => {
      await w.run(await sharedMacrosSql());
      return w.all<{ supplier_name: string | null; priority: number | null }>(
        `select supplier_name, ${expression} as priority
         from (values ('Locala Community Partnerships cic'), ('Ideas CIC Mutual'), ('Farmers''s Mutual Society'), ('CICERO LTD'), (null)) as names(supplier_name)
         order by supplier_name nulls last`,
      );
    });
    expect(rows).toEqual([
      { supplier_name: 'CICERO LTD', priority: null },
      { supplier_name: "Farmers's Mutual Society", priority: 3 },
      { supplier_name: 'Ideas CIC Mutual', priority: 3 },
      { supplier_name: 'Locala Community Partnerships cic', priority: 2 },
      { supplier_name: null, priority: null },
    ]);
    expect(nameRulePrioritySql('names.supplier_name', parseOwnershipForms('forms:\n  other: { label: Other, plural: false }\nrules:\n  - { form: other, register: coops_uk }\n', 'no names'))).toBe('cast(null as integer)');
  });
});
