/**
 * Ledger "supplier names" that are not organisations: care-package codes, personal names
 * with a title, payments to residents. Matching them against a company register can only
 * produce false matches, so the matcher stops here (method not_an_organisation).
 */
const PATTERNS: readonly { pattern: RegExp; why: string }[] = [
  { pattern: /^\s*(MR|MRS|MS|MISS|MX|DR|REV|PROF|SIR|DAME|LADY|LORD)\.?\s+[A-Z]/i, why: 'a personal name with a title' },
  { pattern: /^\s*\d{4}\s*:\s*\d{1,2}[A-Z]?\b/i, why: 'a care-package code (year:period)' },
  { pattern: /\b(care package|client (payment|account)|direct payment|personal budget|service user|foster (carer|care payment)|resident|tenant refund|council tax refund|rent refund)\b/i, why: 'a payment to an individual (care, refund or direct payment)' },
  { pattern: /^\s*[A-Z]\.?\s*[A-Z]?\.?\s*[A-Z][a-z]+\s*$/, why: 'initials and a surname' },
  { pattern: /^[^A-Za-z]*$/, why: 'no letters at all' },
];

/** Why this name is not an organisation, or null when it may be one. */
export function notAnOrganisationReason(name: string): string | null {
  for (const { pattern, why } of PATTERNS) if (pattern.test(name)) return why;
  return null;
}
