import type { CsvHeader } from './csv-header';
import { ReferenceInputError } from './reference-input-error';

/**
 * Find the one header column matching a pattern, or throw a ReferenceInputError naming the
 * file, the role and the pattern. Used by the deprivation and area loaders, whose headers are
 * long English phrases that publishers reword between editions.
 */
export function requireColumn(header: CsvHeader, role: string, pattern: RegExp, fileKind: string): string {
  const matches = header.columns.filter((c) => pattern.test(c));
  if (matches.length === 1) return matches[0] as string;
  if (matches.length === 0) {
    throw new ReferenceInputError(`no ${role} column in this ${fileKind} file`, {
      file: header.file,
      line: 1,
      hint: `expected a header matching ${String(pattern)}; the header is: ${header.columns.join(', ')}`,
    });
  }
  throw new ReferenceInputError(`several columns could be the ${role}: ${matches.join(', ')}`, {
    file: header.file,
    line: 1,
    hint: `pass a ${fileKind} file with a single column matching ${String(pattern)}`,
  });
}

/** The first column matching a pattern, or null. */
export function optionalColumn(header: CsvHeader, pattern: RegExp): string | null {
  return header.columns.find((c) => pattern.test(c)) ?? null;
}
