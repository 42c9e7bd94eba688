import { isBlankCell } from './cell-text';

/**
 * A data record's fields against its header's width: trailing blank fields beyond the header
 * are dropped (trailing commas); a record with filled extra fields or fewer fields than the
 * header is a bad record (its values would be shifted), with the reason and what was found.
 */
export function fieldsForHeader(
  fields: readonly string[],
  headerLength: number,
): { ok: true; fields: readonly string[] } | { ok: false; reason: string; detail: string } {
  if (fields.length > headerLength) {
    if (!fields.slice(headerLength).every((field) => isBlankCell(field))) {
      return {
        ok: false,
        reason: 'too many fields',
        detail: `${fields.length} fields where the header has ${headerLength}; an unquoted delimiter inside a value is the usual cause`,
      };
    }
    return { ok: true, fields: fields.slice(0, headerLength) };
  }
  if (fields.length < headerLength) {
    return {
      ok: false,
      reason: 'too few fields',
      detail: `${fields.length} fields where the header has ${headerLength}; the values would be shifted, so the row cannot be read safely`,
    };
  }
  return { ok: true, fields };
}
