/**
 * Redacted supplier names. Publishers hide individuals (and some commercial details) behind
 * placeholder names; the row is kept, flagged, and loses its supplier name.
 * Spellings seen in the samples: `REDACTED PERSONAL DATA`, `REDACTED COMMERCIAL CONFIDENTIALITY`.
 * Others from the transparency-code guidance and council files are included.
 */
export const DEFAULT_REDACTION_PATTERNS: readonly RegExp[] = [
  /^redacted\b/i,
  /\bredacted$/i,
  /^(personal|private|sensitive)\s+(data|information|individual)\b/i,
  /^(name\s+)?withheld\b/i,
  /^data\s+withheld\b/i,
  /^(commercial(ly)?|commercial in)\s+confiden/i,
  /^confidential$/i,
  /^not\s+disclosed$/i,
  /^(private\s+)?individual$/i,
  /^\*+$/,
  /^x{3,}$/i,
];

export function isRedactedName(name: string, extra: readonly string[] = []): boolean {
  const text = name.trim();
  if (text === '') return false;
  const lower = text.toLowerCase();
  if (extra.some((marker) => marker.toLowerCase() === lower)) return true;
  return DEFAULT_REDACTION_PATTERNS.some((pattern) => pattern.test(text));
}
