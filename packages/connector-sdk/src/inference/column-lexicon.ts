import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { CANONICAL_FIELDS } from '../mapping/mapping-schema';

/** What a column's cells must look like to fill a role (checked on a sample of data rows). */
export const VALUE_KINDS = ['date', 'amount', 'name', 'postcode', 'company_number', 'charity_number', 'vat_number', 'flag', 'text'] as const;
export type ValueKind = (typeof VALUE_KINDS)[number];

const word = z.string().min(1).transform((text) => text.toLowerCase());

const headerEntrySchema = z
  .object({
    words: z.array(word).min(1),
    score: z.number().gt(0).max(1),
    exact: z.boolean().default(false),
  })
  .strict();

const roleSchema = z
  .object({
    values: z.enum(VALUE_KINDS),
    veto: z.array(word).default([]),
    headers: z.array(headerEntrySchema).min(1),
  })
  .strict();

/**
 * The header lexicon: how publishers name each canonical column, with scores that encode which
 * candidate a person would choose. Format and rules: `lexicon/payment-columns.yaml`.
 */
export const columnLexiconSchema = z
  .object({
    rewrite: z.array(z.tuple([z.string().min(1), z.string().min(1)])).default([]),
    filler: z.array(word).default([]),
    placeholders: z.array(word).default([]),
    required: z.array(z.enum(CANONICAL_FIELDS)).min(1),
    roles: z.partialRecord(z.enum(CANONICAL_FIELDS), roleSchema),
  })
  .strict()
  .superRefine((lexicon, ctx) => {
    for (const role of lexicon.required) {
      if (!lexicon.roles[role]) ctx.addIssue({ code: 'custom', path: ['required'], message: `required role "${role}" has no entry in roles` });
    }
  });
export type ColumnLexicon = z.output<typeof columnLexiconSchema>;
export type LexiconRole = z.output<typeof roleSchema>;

/** Validates a lexicon (parsed YAML); `origin` names it in errors. */
export function parseColumnLexicon(value: unknown, origin: string): ColumnLexicon {
  const result = columnLexiconSchema.safeParse(value);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new Error(`${origin}: invalid column lexicon:\n  - ${problems.join('\n  - ')}`);
  }
  return result.data;
}

export const paymentColumnLexiconPath = fileURLToPath(new URL('../../lexicon/payment-columns.yaml', import.meta.url));

let shipped: ColumnLexicon | null = null;

/** The shipped lexicon of payments columns (read once). */
export function paymentColumnLexicon(): ColumnLexicon {
  shipped ??= parseColumnLexicon(parseYaml(readFileSync(paymentColumnLexiconPath, 'utf8')), paymentColumnLexiconPath);
  return shipped;
}
