/**
 * Cell text cleaning shared by every reader: trims ordinary and non-breaking spaces, and
 * decides whether a record is blank. `†` (U+2020) counts as blank only for that decision:
 * it is how a non-breaking space reads after a Windows-1252/UTF-8 round trip (see Lambeth).
 */
export function cleanCell(text: string | undefined): string {
  if (text === undefined) return '';
  return text.replace(/^[\s\u00a0\u2007\u202f\ufeff]+|[\s\u00a0\u2007\u202f]+$/g, '');
}

const BLANKISH = /^[\s\u00a0\u2007\u202f\u2020]*$/;

export function isBlankRecord(fields: readonly string[]): boolean {
  return fields.every((field) => BLANKISH.test(field));
}

export function isBlankCell(text: string | undefined): boolean {
  return text === undefined || BLANKISH.test(text);
}
