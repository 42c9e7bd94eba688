import { mappingSchema, type Mapping } from '../mapping/mapping-schema';
import type { LayoutInference } from './infer-layout';

/** An inferred layout as reported (`cwb inspect`, run history): each role's column, confidence and evidence. */
export interface LayoutFacts {
  confidence: number;
  roles: { role: string; header: string; confidence: number; evidence: string; alternatives: string[] }[];
  unassigned: { header: string; reason: string }[];
  /** Supplier cells are `CODE : Name` (the code kept as the supplier id). */
  supplier_vendor_code: boolean;
}

export function describeLayout(inference: Extract<LayoutInference, { kind: 'inferred' }>): LayoutFacts {
  return {
    confidence: inference.confidence,
    roles: inference.decisions.map((d) => ({
      role: d.role,
      header: d.header,
      confidence: d.confidence,
      evidence: d.evidence,
      alternatives: d.alternatives.map((a) => `"${a.header}" (${a.confidence.toFixed(2)})`),
    })),
    unassigned: inference.unassigned.map((u) => ({ header: u.header, reason: u.reason })),
    supplier_vendor_code: inference.mapping.parse.supplier_vendor_code,
  };
}

/**
 * An inferred layout as a mapping that pins it (`cwb inspect FILE --write-mapping`): the roles as
 * found, dates still proved per file, and the columns that filled no role listed as `ignore`.
 */
export function mappingFromLayout(layout: LayoutFacts, name: string, example: string): Mapping {
  return mappingSchema.parse({
    name,
    description: `Pinned from the roles cwb inferred for ${example}; edit to correct a role or add filters.`,
    examples: [example],
    columns: Object.fromEntries(layout.roles.map((role) => [role.role, [role.header]])),
    ignore: layout.unassigned.map((column) => column.header).filter((header) => !/^column \d+$/.test(header)),
    parse: { date_order: 'auto', supplier_vendor_code: layout.supplier_vendor_code },
  });
}
