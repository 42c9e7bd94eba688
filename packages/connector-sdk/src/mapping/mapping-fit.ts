import type { CanonicalField, Mapping } from './mapping-schema';
import { headerKey } from './header-names';

/** A mapping applied to one file's header: the column index of every field it found. */
export interface MappingFit {
  mapping: Mapping;
  columns: Partial<Record<CanonicalField, number>>;
  /** Header columns the mapping recognises (mapped, signature or ignored). */
  recognised: number;
  missing: CanonicalField[];
  missing_signature: string[];
  fits: boolean;
}

export function fitMapping(mapping: Mapping, header: readonly string[]): MappingFit {
  const keys = header.map(headerKey);
  const used = new Set<number>();
  const columns: Partial<Record<CanonicalField, number>> = {};
  for (const [field, aliases] of Object.entries(mapping.columns) as [CanonicalField, string[]][]) {
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
  for (const name of mapping.ignore) {
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
