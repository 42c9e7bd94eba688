import {
  exclusionFlagSchema,
  exclusionRuleSchema,
  exclusionSettingsSchema,
  type ExclusionFlag,
  type ExclusionRule,
  type ExclusionRuleInput,
  type ExclusionSettings,
} from '@cwb/contracts';
import { sqlString } from './warehouse-connection';

/**
 * The default rule set, following common practice in CWB spend analysis (CLES; the Welsh
 * "localising spend" work): payments that an anchor cannot redirect to local suppliers are
 * flagged, not deleted: tax and national insurance, pension contributions, salaries and
 * payroll, payments to other public bodies, grants, and procurement-card spend.
 * Patterns are case-insensitive RE2 regular expressions.
 */
const defaultRuleInputs: ExclusionRuleInput[] = [
  {
    id: 'tax_hmrc',
    flag: 'tax',
    label: 'Tax, VAT, PAYE and national insurance paid to HMRC',
    supplier_name: ['\\bHMRC\\b', 'H\\.?M\\.? ?REVENUE', 'REVENUE (AND|&) CUSTOMS', 'INLAND REVENUE'],
    expense_type: ['\\bVAT\\b', '\\bPAYE\\b', 'NATIONAL INSURANCE', '\\bNIC\\b', 'INCOME TAX', 'CORPORATION TAX', 'APPRENTICESHIP LEVY'],
  },
  {
    id: 'pension_contributions',
    flag: 'pension',
    label: 'Pension contributions and superannuation',
    supplier_name: ['PENSION', 'SUPERANNUATION'],
    expense_type: ['PENSION', 'SUPERANNUATION'],
  },
  {
    id: 'payroll',
    flag: 'payroll',
    label: 'Salaries, wages and payroll',
    supplier_name: ['\\bPAYROLL\\b'],
    expense_type: ['SALAR', '\\bWAGES?\\b', 'PAYROLL', 'EMPLOYEE (PAY|COSTS)', 'STAFF PAY'],
    category: ['^SALAR', '^PAYROLL'],
  },
  {
    id: 'public_bodies',
    flag: 'public_body',
    label: 'Payments to other public bodies (councils, NHS, police, fire, central government)',
    supplier_name: [
      '\\b(BOROUGH|COUNTY|CITY|DISTRICT|PARISH|TOWN|METROPOLITAN) COUNCIL\\b',
      '\\bCOUNCIL OF\\b',
      '\\bNHS\\b',
      'CLINICAL COMMISSIONING',
      '\\bCCG\\b',
      '\\bPOLICE\\b',
      'FIRE (AND|&) RESCUE',
      '^DEPARTMENT (FOR|OF)\\b',
      '^MINISTRY OF\\b',
      '^CABINET OFFICE$',
      '^HM (TREASURY|LAND REGISTRY|COURTS)',
      'COMBINED AUTHORITY',
    ],
    organisation_types: ['public_sector'],
  },
  {
    id: 'grants',
    flag: 'grant',
    label: 'Grants and grant-in-aid',
    expense_type: ['\\bGRANTS?\\b'],
    category: ['\\bGRANTS?\\b'],
  },
  {
    id: 'procurement_cards',
    flag: 'procurement_card',
    label: 'Procurement-card (purchase-card) spend',
    procurement_card: true,
    expense_type: ['PURCHASE CARD', 'PROCUREMENT CARD', '\\bP-?CARD\\b', '\\bGPC\\b'],
  },
];

export const defaultExclusionRules: readonly ExclusionRule[] = Object.freeze(defaultRuleInputs.map((r) => exclusionRuleSchema.parse(r)));

export interface ResolvedExclusions {
  rules: ExclusionRule[];
  /** Flags that take a payment out of influenceable spend. */
  excludedFlags: ExclusionFlag[];
}

/** The rule set in force: the defaults (unless switched off) with configured rules added or replacing by id. */
export function resolveExclusions(settings: Partial<ExclusionSettings> = {}): ResolvedExclusions {
  const parsed = exclusionSettingsSchema.parse(settings);
  const byId = new Map<string, ExclusionRule>();
  if (parsed.use_defaults) for (const rule of defaultExclusionRules) byId.set(rule.id, rule);
  for (const rule of parsed.rules) byId.set(rule.id, rule);
  for (const rule of byId.values()) {
    for (const pattern of [...rule.supplier_name, ...rule.expense_type, ...rule.expense_area, ...rule.category, ...rule.description]) {
      if (pattern.includes('\u0000')) throw new Error(`exclusion rule ${rule.id}: pattern contains a NUL character`);
    }
  }
  const kept = new Set(parsed.influenceable_flags);
  return {
    rules: [...byId.values()],
    excludedFlags: exclusionFlagSchema.options.filter((f) => !kept.has(f)),
  };
}

const textFields = ['supplier_name', 'expense_type', 'expense_area', 'category', 'description'] as const;
type TextField = (typeof textFields)[number];

/**
 * The exclusion flags compiled to SQL for intermediate.int_payments_flagged.
 *
 * Regular expressions are evaluated once per anchor and distinct value of each text field, not
 * once per payment: `lookups` are CTEs (`exclusion_<field>`: one row per anchor and distinct
 * value of the field in staging.stg_ledger__ap_payments, one boolean column per flag), `joins`
 * attach them to the payments on anchor and value, and `flags` combines them per flag. At 2
 * million payments this is ~180k supplier names and a few thousand expense types instead of 2
 * million rows times every pattern. Per anchor, not per value alone, so that an incremental
 * build reads only the changed anchors' values (`{{anchors_in_scope}}`, filled by modelSql).
 */
export interface CompiledExclusionFlags {
  lookups: string;
  joins: string;
  flags: Record<ExclusionFlag, string>;
}

function fieldPatterns(rules: readonly ExclusionRule[], flag: ExclusionFlag, field: TextField): string | null {
  const patterns = rules.filter((r) => r.flag === flag).flatMap((r) => r[field]);
  if (patterns.length === 0) return null;
  return patterns.length === 1 ? patterns[0]! : patterns.map((p) => `(?:${p})`).join('|');
}

/** The flag SQL over the columns of int_payments_banded (see CompiledExclusionFlags). */
export function compileExclusionFlags(rules: readonly ExclusionRule[]): CompiledExclusionFlags {
  const lookups: string[] = [];
  const joins: string[] = [];
  const tests = new Map<ExclusionFlag, string[]>(exclusionFlagSchema.options.map((f) => [f, []]));
  for (const field of textFields) {
    const columns: string[] = [];
    for (const flag of exclusionFlagSchema.options) {
      const pattern = fieldPatterns(rules, flag, field);
      if (pattern === null) continue;
      columns.push(`coalesce(regexp_matches(${field}, ${sqlString(pattern)}, 'i'), false) as is_${flag}`);
      tests.get(flag)!.push(`coalesce(exclusion_${field}.is_${flag}, false)`);
    }
    if (columns.length === 0) continue;
    lookups.push(
      `exclusion_${field} as (\n    select anchor_id, ${field},\n        ${columns.join(',\n        ')}\n` +
        `    from ${field === 'supplier_name' ? 'intermediate.int_supplier_names_keyed where {{anchors_in_scope}}' : `(select distinct anchor_id, ${field} from staging.stg_ledger__ap_payments where ${field} is not null and {{anchors_in_scope}})`}\n),`,
    );
    joins.push(`    left join exclusion_${field} on payments.anchor_id = exclusion_${field}.anchor_id and payments.${field} = exclusion_${field}.${field}`);
  }
  for (const flag of exclusionFlagSchema.options) {
    for (const rule of rules.filter((r) => r.flag === flag)) {
      if (rule.organisation_types.length > 0) {
        tests.get(flag)!.push(`coalesce(payments.supplier_organisation_type in (${rule.organisation_types.map(sqlString).join(', ')}), false)`);
      }
      if (rule.procurement_card) tests.get(flag)!.push('coalesce(payments.is_procurement_card, false)');
    }
  }
  const flags = {} as Record<ExclusionFlag, string>;
  for (const [flag, list] of tests) flags[flag] = list.length > 0 ? `(${[...new Set(list)].join('\n            or ')})` : 'false';
  return { lookups: lookups.join('\n\n'), joins: joins.join('\n'), flags };
}
