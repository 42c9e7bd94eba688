import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';
import {
  exclusionFlagSchema,
  exclusionRuleSchema,
  exclusionSettingsSchema,
  type ExclusionFlag,
  type ExclusionRule,
  type ExclusionSettings,
} from '@cwb/contracts';
import { sqlString } from './warehouse-connection';

/** The default rule set, as data: catalogue/exclusions.yaml (validated with the contract's rule schema). */
export const EXCLUSIONS_PATH = fileURLToPath(new URL('../catalogue/exclusions.yaml', import.meta.url));

function loadDefaultRules(path: string): ExclusionRule[] {
  const parsed = z.object({ rules: z.array(exclusionRuleSchema).min(1) }).strict().safeParse(parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new Error(`${path}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data.rules;
}

export const defaultExclusionRules: readonly ExclusionRule[] = Object.freeze(loadDefaultRules(EXCLUSIONS_PATH));

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
