import type { CanonicalField, Mapping } from './mapping-schema';
import { headerKey } from './header-names';

/** What fitting needs of a mapping, whatever its canonical fields (AP payments, HR records). */
export interface FittableMapping<Field extends string> {
  columns: Partial<Record<Field, string[]>>;
  signature: readonly string[];
  ignore: readonly string[];
  required: readonly Field[];
}

/** A mapping applied to one file's header: the column index of every field it found. */
export interface MappingFit<M = Mapping, Field extends string = CanonicalField> {
  mapping: M;
  columns: Partial<Record<Field, number>>;
  /** Header columns the mapping recognises (mapped, signature or ignored). */
  recognised: number;
  missing: Field[];
  missing_signature: string[];
  fits: boolean;
}

/**
 * Fits a mapping to a header: each field takes the first alias present (a column is used
 * once); signature columns must all be present; ignored columns count as recognised.
 * `alsoRecognised` names more columns to count as recognised without mapping them.
 */
export function fitMapping<M extends FittableMapping<Field>, Field extends string = CanonicalField>(
  mapping: M,
  header: readonly string[],
  alsoRecognised: readonly string[] = [],
): MappingFit<M, Field> {
  const keys = header.map(headerKey);
  const used = new Set<number>();
  const columns: Partial<Record<Field, number>> = {};
  for (const [field, aliases] of Object.entries(mapping.columns) as [Field, string[]][]) {
    for (const alias of aliases) {
      const index = keys.findIndex((key, i) => key === headerKey(alias) && !used.has(i));
      if (index !== -1) {
        columns[field] = index;
        used.add(index);
        break;
      }
    }
  }
  const missing_signature = mapping.signature.filter((name) => {
    const index = keys.indexOf(headerKey(name));
    if (index !== -1) used.add(index);
    return index === -1;
  });
  for (const name of [...alsoRecognised, ...mapping.ignore]) {
    const index = keys.indexOf(headerKey(name));
    if (index !== -1) used.add(index);
  }
  const missing = mapping.required.filter((field) => columns[field] === undefined);
  return {
    mapping,
    columns,
    recognised: used.size,
    missing,
    missing_signature,
    fits: missing.length === 0 && missing_signature.length === 0,
  };
}
