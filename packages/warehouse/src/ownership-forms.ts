import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';
import { sqlString } from './warehouse-connection';

/**
 * The ownership-forms mapping (`catalogue/ownership-forms.yaml`): the forms an organisation can
 * have, which of them are plural ownership, and the ordered rules from a register's published
 * words (Co-operatives UK legal form and ownership classification, Companies House
 * CompanyCategory, an org-id scheme, supplier matching's type, the name itself) to a form. Validated here when
 * the package loads; the build writes the rules to raw.ownership_form_rules, and the models
 * apply them (int_organisations_ownership_formed, int_suppliers_ownership_formed).
 */
export const OWNERSHIP_FORMS_PATH = fileURLToPath(new URL('../catalogue/ownership-forms.yaml', import.meta.url));

const formName = z.string().regex(/^[a-z][a-z_]*$/, 'lower-case letters and _ only');
const pattern = z.string().min(1).refine((text) => {
  try {
    new RegExp(`^(?:${text})$`, 'i');
    return true;
  } catch {
    return false;
  }
}, 'not a valid regular expression');

const ruleSchema = z
  .object({
    form: formName,
    register: pattern.optional(),
    legal_form: pattern.optional(),
    ownership_classification: pattern.optional(),
    registered_number: pattern.optional(),
    org_id_scheme: pattern.optional(),
    organisation_type: pattern.optional(),
    name: pattern.optional(),
  })
  .strict();

export const ownershipFormsSchema = z
  .object({
    forms: z.record(formName, z.object({ label: z.string().min(1), plural: z.boolean() }).strict()),
    rules: z.array(ruleSchema).min(1),
  })
  .strict()
  .superRefine((mapping, ctx) => {
    for (const [i, rule] of mapping.rules.entries()) {
      if (!(rule.form in mapping.forms)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'form'], message: `form ${rule.form} is not one of forms (${Object.keys(mapping.forms).join(', ')})` });
      if (Object.keys(rule).length === 1) ctx.addIssue({ code: 'custom', path: ['rules', i], message: 'a rule needs at least one condition' });
      // A supplier's name is tested per anchor over its spellings, apart from the register and
      // match conditions, so a name rule stands alone.
      if (rule.name !== undefined && Object.keys(rule).length > 2) ctx.addIssue({ code: 'custom', path: ['rules', i], message: 'a rule with a name condition can have no other condition' });
    }
  });
export type OwnershipForms = z.infer<typeof ownershipFormsSchema>;

/** Parses and validates the mapping's YAML text; errors name the file and the entry. */
export function parseOwnershipForms(text: string, source = OWNERSHIP_FORMS_PATH): OwnershipForms {
  const parsed = ownershipFormsSchema.safeParse(parse(text));
  if (!parsed.success) throw new Error(`${source}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

export const ownershipForms: OwnershipForms = parseOwnershipForms(readFileSync(OWNERSHIP_FORMS_PATH, 'utf8'));

/** The columns of raw.ownership_form_rules, in the order of ownershipFormRuleRows. */
export const OWNERSHIP_FORM_RULE_COLUMNS = ['priority', 'ownership_form', 'is_plural', 'register', 'legal_form', 'ownership_classification', 'registered_number', 'org_id_scheme', 'organisation_type', 'name'];

/** The mapping's rules as rows of raw.ownership_form_rules, in order (priority 1 first); the config snapshot writes them. */
export function ownershipFormRuleRows(mapping: OwnershipForms = ownershipForms): (string | number | boolean | null)[][] {
  return mapping.rules.map((rule, i) => [
    i + 1,
    rule.form,
    mapping.forms[rule.form]!.plural,
    rule.register ?? null,
    rule.legal_form ?? null,
    rule.ownership_classification ?? null,
    rule.registered_number ?? null,
    rule.org_id_scheme ?? null,
    rule.organisation_type ?? null,
    rule.name ?? null,
  ]);
}

/** The conditions a rule can test (every key of a rule but its form). */
export type OwnershipRuleField = Exclude<keyof OwnershipForms['rules'][number], 'form'>;

/**
 * The priority of the first rule whose conditions all hold for a row, as SQL with every rule's
 * patterns constants (null when no rule holds). `fields` names the SQL column each condition
 * tests; a field the model has not got (null or left out) cannot hold, so a rule testing it is
 * skipped (a supplier has no Co-operatives UK ownership classification). Whether a condition
 * holds is the ownership_rule_holds macro. Joining the rows to raw.ownership_form_rules did the
 * same, but DuckDB compiles a regular expression once when its pattern is a constant and once
 * per row when it comes from a joined table: the name rule alone over 179,258 ledger spellings
 * took 3.5-4.4 s that way, 0.02-0.05 s this way (bench medium). The priorities are
 * ownershipFormRuleRows', so this expression and the rows the config snapshot writes agree.
 */
export function ownershipRulePrioritySql(fields: Partial<Record<OwnershipRuleField, string | null>>, mapping: OwnershipForms = ownershipForms): string {
  const branches = mapping.rules.flatMap((rule, i) => {
    const conditions: string[] = [];
    for (const [field, patternText] of Object.entries(rule) as [OwnershipRuleField | 'form', string][]) {
      if (field === 'form') continue;
      const column = fields[field];
      if (!column) return [];
      conditions.push(`ownership_rule_holds(${sqlString(patternText)}, ${column})`);
    }
    return [`when ${conditions.join(' and ')} then ${i + 1}`];
  });
  return branches.length ? `case ${branches.join(' ')} end` : 'cast(null as integer)';
}
