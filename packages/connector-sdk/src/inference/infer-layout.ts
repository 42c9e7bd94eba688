import type { CanonicalField, Mapping } from '../mapping/mapping-schema';
import { mappingSchema } from '../mapping/mapping-schema';
import { cleanCell } from '../tabular/cell-text';
import { splitVendorCode } from '../values/supplier-identifiers';
import type { ColumnLexicon } from './column-lexicon';
import { judgeValues, profileColumn, type ColumnValues } from './column-values';
import { headerWords, matchHeaderToRole, type HeaderMatch } from './header-words';

/** Why one column fills one role: the header's evidence, the values', and the confidence (0–1). */
export interface RoleDecision {
  role: CanonicalField;
  column: number;
  header: string;
  confidence: number;
  evidence: string;
  /** Other columns that could have filled the role, best first, with why they lost. */
  alternatives: { header: string; confidence: number; why: string }[];
}

export interface UnassignedColumn {
  column: number;
  header: string;
  reason: string;
}

export type LayoutInference =
  | {
      kind: 'inferred';
      columns: Partial<Record<CanonicalField, number>>;
      decisions: RoleDecision[];
      unassigned: UnassignedColumn[];
      /** The least confidence among the required roles. */
      confidence: number;
      /** The decisions as a mapping (what `--write-mapping` writes, and what the row builder reads). */
      mapping: Mapping;
      explanation: string;
    }
  | { kind: 'ambiguous'; role: CanonicalField; candidates: string[]; explanation: string }
  | { kind: 'none'; missing: CanonicalField[]; explanation: string };

interface Candidate {
  role: CanonicalField;
  column: number;
  header: HeaderMatch;
  score: number;
  evidence: string;
}

/** Scores within this of each other are a tie: a person could not choose between them either. */
const TIE = 0.005;
const DUPLICATE_SUFFIX = / #\d+$/;

/** The header's evidence only: whether every required role has a candidate column by its name. */
export function headerNamesRequiredRoles(header: readonly string[], lexicon: ColumnLexicon): boolean {
  const words = header.map((name) => headerWords(name.replace(DUPLICATE_SUFFIX, ''), lexicon));
  return lexicon.required.every((role) => {
    const entry = lexicon.roles[role];
    return entry !== undefined && words.some((w) => matchHeaderToRole(w, entry) !== null);
  });
}

/**
 * Infers which column fills each canonical role from the header (the lexicon) and a sample of
 * the data records (what the cells look like). Required roles are decided first, each by its
 * best-scoring column whose values fit; a tie between columns with different values is refused
 * as ambiguous, never guessed. Optional roles then take the best remaining columns.
 */
export function inferLayout(
  header: readonly string[],
  samples: readonly (readonly string[])[],
  lexicon: ColumnLexicon,
): LayoutInference {
  const profiles = new Map<number, ColumnValues>();
  const placeholders = new Set(lexicon.placeholders);
  const profile = (column: number) => {
    let found = profiles.get(column);
    if (!found) {
      found = profileColumn(samples, column, placeholders);
      profiles.set(column, found);
    }
    return found;
  };
  const required = new Set<CanonicalField>(lexicon.required);
  const candidates: Candidate[] = [];
  const rejected = new Map<CanonicalField, string[]>();
  header.forEach((name, column) => {
    const words = headerWords(name.replace(DUPLICATE_SUFFIX, ''), lexicon);
    for (const [role, entry] of Object.entries(lexicon.roles) as [CanonicalField, NonNullable<ColumnLexicon['roles'][CanonicalField]>][]) {
      const match = matchHeaderToRole(words, entry);
      if (!match) continue;
      const verdict = judgeValues(profile(column), entry.values, required.has(role));
      const headerEvidence = `header "${name}" reads as "${match.entry}"${match.typo ? ' (allowing a typo)' : ''}`;
      if (!verdict.fits) {
        rejected.set(role, [...(rejected.get(role) ?? []), `"${name}": ${verdict.evidence}`]);
        continue;
      }
      candidates.push({ role, column, header: match, score: match.score * verdict.factor, evidence: `${headerEvidence}; ${verdict.evidence}` });
    }
  });
  candidates.sort((a, b) => b.score - a.score || a.column - b.column);

  const taken = new Map<number, CanonicalField>();
  const decisions: RoleDecision[] = [];
  const decide = (role: CanonicalField): LayoutInference | null => {
    const options = candidates.filter((c) => c.role === role && !taken.has(c.column));
    const [best, second] = options;
    if (!best) return null;
    if (second && required.has(role) && best.score - second.score < TIE && !sameValues(samples, best.column, second.column)) {
      const tied = options.filter((c) => best.score - c.score < TIE).map((c) => header[c.column] ?? '');
      return {
        kind: 'ambiguous',
        role,
        candidates: tied,
        explanation:
          `ambiguous ${role}: ${tied.map((name) => `"${name}"`).join(' and ')} fit equally well and hold different values; ` +
          'pin one with a mapping (`cwb inspect FILE --write-mapping mapping.yaml`, edit it, and set `mapping: ./mapping.yaml` on the source)',
      };
    }
    taken.set(best.column, role);
    decisions.push({
      role,
      column: best.column,
      header: header[best.column] ?? '',
      confidence: Math.min(1, Math.round(best.score * 100) / 100),
      evidence: best.evidence,
      alternatives: options.slice(1, 4).map((c) => ({
        header: header[c.column] ?? '',
        confidence: Math.round(c.score * 100) / 100,
        why: c.evidence,
      })),
    });
    return null;
  };

  const missing: CanonicalField[] = [];
  for (const role of lexicon.required) {
    const outcome = decide(role);
    if (outcome) return outcome;
    if (!decisions.some((d) => d.role === role)) missing.push(role);
  }
  if (missing.length > 0) {
    const why = missing.map((role) => {
      const tried = rejected.get(role);
      return tried ? `${role} (${tried.join('; ')})` : `${role} (no column is named like one)`;
    });
    return { kind: 'none', missing, explanation: `no column for ${why.join(', ')}` };
  }
  for (const role of Object.keys(lexicon.roles) as CanonicalField[]) {
    if (!required.has(role)) decide(role);
  }

  const columns: Partial<Record<CanonicalField, number>> = {};
  for (const decision of decisions) columns[decision.role] = decision.column;
  const unassigned: UnassignedColumn[] = [];
  header.forEach((name, column) => {
    if (taken.has(column)) return;
    const lost = candidates.find((c) => c.column === column);
    unassigned.push({
      column,
      header: name,
      reason: lost ? `could be ${lost.role}, but "${header[columns[lost.role] ?? -1] ?? ''}" fits it better` : 'fills no role: kept aside',
    });
  });
  const supplierColumn = columns.supplier_name as number;
  const vendorCodes = vendorCodeShare(samples, supplierColumn) >= 0.8;
  const confidence = Math.min(...decisions.filter((d) => required.has(d.role)).map((d) => d.confidence));
  const mapping = mappingSchema.parse({
    name: 'inferred',
    description: 'Column roles inferred from the header and values (cwb inspect shows the evidence).',
    columns: Object.fromEntries(decisions.map((d) => [d.role, [d.header]])),
    required: lexicon.required,
    parse: { date_order: 'auto', supplier_vendor_code: vendorCodes },
  });
  const summary = lexicon.required.map((role) => `${role} = "${header[columns[role] as number]}"`).join(', ');
  return {
    kind: 'inferred',
    columns,
    decisions,
    unassigned,
    confidence,
    mapping,
    explanation: `roles inferred from the header and values (confidence ${confidence.toFixed(2)}): ${summary}` +
      (vendorCodes ? '; supplier cells are `CODE : Name`, the code kept as supplier id' : ''),
  };
}

function sameValues(samples: readonly (readonly string[])[], a: number, b: number): boolean {
  return samples.every((fields) => cleanCell(fields[a]) === cleanCell(fields[b]));
}

function vendorCodeShare(samples: readonly (readonly string[])[], column: number): number {
  let filled = 0;
  let coded = 0;
  for (const fields of samples) {
    const text = cleanCell(fields[column]);
    if (text === '') continue;
    filled += 1;
    if (splitVendorCode(text)) coded += 1;
  }
  return filled === 0 ? 0 : coded / filled;
}
