import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument, isSeq, type Node } from 'yaml';
import { z } from 'zod';
import { normaliseName } from './name-normalisation';

/**
 * An analyst's decision about one supplier, which always wins over matching.
 * Selects a supplier by its exact published name (compared normalised) or by the
 * publisher's supplier id, optionally for one anchor only; then either names its org-id,
 * declares it not an organisation, says a person found it in none of the registers
 * (`no_match`: not matched by name, not asked about again in review), and/or gives its
 * location (a postcode).
 */
export const overrideSchema = z
  .object({
    supplier_name: z.string().min(1).optional(),
    supplier_id: z.string().min(1).optional(),
    anchor_id: z.string().min(1).optional(),
    org_id: z.string().regex(/^[A-Z]{2}-[A-Z]{2,6}-[A-Z0-9-]+$/, 'an org-id such as GB-COH-03350709 or GB-CHC-1074622').optional(),
    not_an_organisation: z.literal(true).optional(),
    no_match: z.literal(true).optional(),
    postcode: z.string().regex(/^[A-Za-z]{1,2}\d[A-Za-z\d]?\s*\d[A-Za-z]{2}$/, 'a UK postcode such as LS1 4DY').optional(),
    note: z.string().optional(),
  })
  .strict()
  .refine((o) => o.supplier_name !== undefined || o.supplier_id !== undefined, { message: 'give supplier_name or supplier_id to say which supplier this is' })
  .refine((o) => o.org_id !== undefined || o.not_an_organisation !== undefined || o.no_match !== undefined || o.postcode !== undefined, { message: 'give org_id, not_an_organisation: true, no_match: true, or postcode' })
  .refine((o) => [o.org_id, o.not_an_organisation, o.no_match].filter((v) => v !== undefined).length <= 1, { message: 'org_id, not_an_organisation and no_match contradict each other: give one' });
export type Override = z.infer<typeof overrideSchema>;

export const overridesFileSchema = z.object({ overrides: z.array(z.unknown()) }).strict();

/** A validated override with the file line it came from (for reasons and error messages). */
export interface LocatedOverride extends Override {
  source: string;
}

export class OverridesFileError extends Error {
  constructor(readonly file: string, readonly line: number | null, problem: string, hint: string) {
    super(`${file}${line === null ? '' : `:${line}`}: ${problem}. Fix: ${hint}`);
    this.name = 'OverridesFileError';
  }
}

/**
 * Parse an overrides YAML document:
 * ```yaml
 * overrides:
 *   - supplier_name: "Ken Crookes T/A The Office Chair Man"
 *     not_an_organisation: true
 *   - supplier_id: "S1378"
 *     org_id: GB-COH-03350709
 *     postcode: HX1 1AA
 * ```
 * Every entry is validated; the first invalid one fails with its line.
 */
export function parseOverrides(text: string, file = 'overrides.yaml'): LocatedOverride[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    throw new OverridesFileError(file, error?.linePos?.[0]?.line ?? null, `not valid YAML (${error?.message.split('\n')[0] ?? ''})`, 'check indentation and quoting');
  }
  const top = overridesFileSchema.safeParse(doc.toJS() ?? {});
  if (!top.success) throw new OverridesFileError(file, 1, 'expected a mapping with one key, overrides: (a list)', 'start the file with "overrides:" and list one entry per supplier');
  const items = doc.get('overrides', true);
  const nodes = isSeq(items) ? (items.items as Node[]) : [];
  const seen = new Map<string, number>();
  return top.data.overrides.map((entry, index) => {
    const line = nodes[index]?.range ? lineCounter.linePos(nodes[index].range[0]).line : null;
    const parsed = overrideSchema.safeParse(entry);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.join('.') || 'entry';
      throw new OverridesFileError(file, line, `override #${index + 1}: ${field}: ${issue?.message ?? 'invalid'}`, 'see the overrides format in @cwb/matching README');
    }
    const key = overrideKey(parsed.data);
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      throw new OverridesFileError(file, line, `override #${index + 1} selects the same supplier as the entry on line ${earlier}`, 'keep one entry per supplier (and anchor)');
    }
    seen.set(key, line ?? 0);
    return { ...parsed.data, source: `${file}${line === null ? '' : `:${line}`}` };
  });
}

function overrideKey(o: Override): string {
  return [o.anchor_id ?? '*', o.supplier_id ? `id:${o.supplier_id}` : `name:${normaliseName(o.supplier_name ?? '')}`].join('|');
}

export async function loadOverridesFile(file: string): Promise<LocatedOverride[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new OverridesFileError(file, null, 'cannot read the overrides file', 'check the path');
  }
  return parseOverrides(text, file);
}

/**
 * Finds the override for a supplier: by supplier id first, then by normalised name; an
 * anchor-specific entry beats a general one.
 */
export class OverrideIndex {
  private readonly byKey = new Map<string, LocatedOverride>();

  constructor(overrides: readonly LocatedOverride[]) {
    for (const o of overrides) this.byKey.set(overrideKey(o), o);
  }

  get size(): number {
    return this.byKey.size;
  }

  find(supplier: { name: string | null; supplier_id?: string | null | undefined }, anchorId?: string): LocatedOverride | null {
    const keys: string[] = [];
    for (const anchor of anchorId ? [anchorId, '*'] : ['*']) {
      if (supplier.supplier_id) keys.push(`${anchor}|id:${supplier.supplier_id}`);
      if (supplier.name) keys.push(`${anchor}|name:${normaliseName(supplier.name)}`);
    }
    for (const key of keys) {
      const found = this.byKey.get(key);
      if (found) return found;
    }
    return null;
  }
}
