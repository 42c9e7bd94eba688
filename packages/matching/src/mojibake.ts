/**
 * Text written as UTF-8 and read back as Windows-1252, once or more (mojibake): a no-break
 * space becomes `Â ` (then `Ã‚Â ` when it happens twice), `’` becomes `â€™`, `é` becomes `Ã©`.
 * Ledger exports carry such names ("Age UK Camden" written `AgeÂ UKÂ Camden`); folded to ASCII
 * they become other words (`AGEA UKA CAMDEN`). The repairs are derived from the two encodings,
 * not listed by hand: for every non-ASCII character Windows-1252 can hold, its UTF-8 bytes read
 * as Windows-1252, mapped back. The same ordered list runs in JavaScript and in SQL, so both
 * twins of the name normaliser give the same result.
 */

const utf8 = new TextEncoder();
/**
 * Windows-1252's characters for bytes 0x80–0x9F (its difference from Latin-1, whose characters
 * for 0xA0–0xFF it shares); the five bytes it leaves undefined read as their C1 controls, as
 * the WHATWG decoder does. Written out because Node's decoder may be built without it.
 */
const WINDOWS_1252_80_9F = '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';
/** The character Windows-1252 reads for each byte 0x80–0xFF. */
const highBytes = Array.from({ length: 128 }, (_, i) => (i < 0x20 ? WINDOWS_1252_80_9F[i]! : String.fromCharCode(0x80 + i)));

function misread(char: string): string {
  return [...utf8.encode(char)].map((b) => (b < 0x80 ? String.fromCharCode(b) : highBytes[b - 0x80]!)).join('');
}

/** [as misread, as written], longest first; plus a no-break space later turned into a space (`Â `). */
export const MOJIBAKE_REPAIRS: readonly (readonly [string, string])[] = [
  ...[...new Set(highBytes)]
    .filter((c) => c.charCodeAt(0) >= 0xa0) // not the C1 controls of undefined bytes
    .map((c) => [misread(c), c] as const)
    .sort((a, b) => b[0].length - a[0].length || (a[0] < b[0] ? -1 : 1)),
  ['\u00c2 ', ' '],
];

/** How many times text may have been misread (each pass undoes one). */
export const MOJIBAKE_PASSES = 3;

/** The first character of every misread form: text without one needs no repair. */
export const MOJIBAKE_LEADS = [...new Set(MOJIBAKE_REPAIRS.map(([broken]) => broken[0]!))].join('');

/** `text` with mojibake undone (up to MOJIBAKE_PASSES misreadings). */
export function repairMojibake(text: string): string {
  if (![...MOJIBAKE_LEADS].some((c) => text.includes(c))) return text;
  let repaired = text;
  for (let pass = 0; pass < MOJIBAKE_PASSES; pass += 1) {
    const before = repaired;
    for (const [broken, written] of MOJIBAKE_REPAIRS) if (repaired.includes(broken)) repaired = repaired.split(broken).join(written);
    if (repaired === before) break;
  }
  return repaired;
}

/** The SQL twin of repairMojibake over a VARCHAR expression (DuckDB `replace` replaces every occurrence). */
export function repairMojibakeSql(expr: string): string {
  const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;
  let chain = expr;
  for (let pass = 0; pass < MOJIBAKE_PASSES; pass += 1) {
    for (const [broken, written] of MOJIBAKE_REPAIRS) chain = `replace(${chain}, ${quote(broken)}, ${quote(written)})`;
  }
  const leads = [...MOJIBAKE_LEADS].map((c) => `contains(${expr}, ${quote(c)})`).join(' or ');
  return `(case when ${leads} then ${chain} else ${expr} end)`;
}
