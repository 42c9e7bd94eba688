/**
 * Cell text cleaning shared by every reader: trims ordinary and non-breaking spaces, and
 * decides whether a record is blank. `†` (U+2020) counts as blank only for that decision:
 * it is how a non-breaking space reads after a Windows-1252/UTF-8 round trip (see Lambeth).
 */
export function cleanCell(text: string | undefined): string {
  if (text === undefined || text === '') return '';
  const first = text.charCodeAt(0);
  if (first > 32 && first !== 0xa0 && first < 0x2000) {
    const last = text.charCodeAt(text.length - 1);
    if (last > 32 && last !== 0xa0 && last !== 0x2007 && last !== 0x202f && last < 0x2000) return text;
  }
  return text.replace(/^[\s\u00a0\u2007\u202f\ufeff]+|[\s\u00a0\u2007\u202f]+$/g, '');
}

const BLANKISH = /^[\s\u00a0\u2007\u202f\u2020]*$/;

export function isBlankRecord(fields: readonly string[]): boolean {
  for (const field of fields) {
    if (field.length > 0 && (field.charCodeAt(0) > 32 && field.charCodeAt(0) < 0x80 || !BLANKISH.test(field))) return false;
  }
  return true;
}

export function isBlankCell(text: string | undefined): boolean {
  return text === undefined || BLANKISH.test(text);
}
