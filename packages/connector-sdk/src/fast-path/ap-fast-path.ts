import { createReadStream, createWriteStream } from 'node:fs';
import { readFileSync } from 'node:fs';
import { once } from 'node:events';
import { isUtf8 } from 'node:buffer';
import { COMPACT_UK_POSTCODE } from '@cwb/contracts';
import type { FileFacts } from '../connector';
import type { CanonicalField, Mapping } from '../mapping/mapping-schema';
import type { BadRowPolicy } from '../tabular/bad-row-policy';
import { TOTAL_LABEL } from '../tabular/ap-row-builder';
import { paymentColumnLexicon } from '../inference/column-lexicon';
import { LineDecoder } from '../text/line-decoder';
import { LineSplitter } from '../text/line-splitter';
import { COMPACT, ISO, MONTHS, NAMED, NUMERIC, PERIOD, SERIAL, type DateOrder } from '../values/date';
import { PREFIXES, VENDOR_COMPANY } from '../values/company-number';
import { CHARITY, VAT_OTHER, VAT_UK, VENDOR_CODE } from '../values/supplier-identifiers';
import { DEFAULT_REDACTION_PATTERNS } from '../values/redaction';

/**
 * A delimited AP file whose layout the reader has decided (header line, columns, delimiter,
 * encoding, day/month order), to be read by DuckDB: `renderApFastPathSql` gives the statements,
 * which the worker runs over the file's lines (services/worker/src/fast-extract.ts).
 */
export interface ApFastPlan {
  path: string;
  /** The encoding the source forces (iconv-lite name); null: detected per line, as the Node reader does. */
  encoding: string | null;
  delimiter: string;
  header_line: number;
  header_length: number;
  columns: Partial<Record<CanonicalField, number>>;
  date_order: DateOrder | null;
  parse: Mapping['parse'];
  on_bad_row: Exclude<BadRowPolicy, 'halt'>;
  /** The reader's facts about the file, but for the encoding (known once every line is decoded). */
  facts: Omit<FileFacts, 'encoding'>;
}

/** Which reader reads a file: DuckDB (with its plan) or the per-row Node reader, with the reason. */
export type ApReadRoute = { route: 'duckdb'; plan: ApFastPlan; reason: string } | { route: 'node'; reason: string };

/** JavaScript's `\s` (what `.trim()` and `\s` mean in the TypeScript normalisers) as an RE2 class body. */
const JS_WHITE_SPACE = String.raw`\t\n\x{0B}\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}`;

/**
 * A JavaScript pattern as RE2 (DuckDB's regular expressions): `\s` becomes JavaScript's white
 * space, the `i` flag `(?i)`. The patterns used here need nothing else translated.
 */
export function re2(pattern: RegExp): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.source.length; i += 1) {
    const char = pattern.source[i] as string;
    if (char === '\\') {
      const next = pattern.source[i + 1] ?? '';
      i += 1;
      if (next === 's') out += inClass ? JS_WHITE_SPACE : `[${JS_WHITE_SPACE}]`;
      else out += `\\${next}`;
      continue;
    }
    if (char === '[') inClass = true;
    else if (char === ']') inClass = false;
    out += char;
  }
  return pattern.flags.includes('i') ? `(?i)${out}` : out;
}

const TEMPLATE = readFileSync(new URL('../../sql/ap-fast-path.sql', import.meta.url), 'utf8');

function sqlString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

function sqlList(values: readonly string[]): string {
  return values.length === 0 ? "''" : values.map(sqlString).join(', ');
}

function regexEscape(char: string): string {
  return /[\\^$.|?*+()[\]{}-]/.test(char) ? `\\${char}` : char;
}

const CELL_FIELDS: readonly CanonicalField[] = [
  'payment_date', 'amount', 'supplier_name', 'supplier_id', 'company_number', 'vat_number', 'charity_number',
  'supplier_postcode', 'transaction_ref', 'expense_area', 'expense_type', 'category', 'description',
  'is_procurement_card', 'is_vcse_flagged',
];

/**
 * The fast path's statements for one plan, in order: macros, records (lines → CSV records),
 * fields, outcomes. They read `fp_lines(line, l)` (each physical line, 1-based) and leave
 * `fp_fields` and `fp_outcomes` (one row per non-blank data record: outcome, reason, detail and
 * the canonical columns).
 */
export function renderApFastPathSql(plan: ApFastPlan): { name: string; sql: string }[] {
  const d = regexEscape(plan.delimiter);
  const notDelimiter = plan.delimiter === '"' ? '"' : `"${d}`;
  const cell = (field: CanonicalField) => {
    const index = plan.columns[field];
    return index === undefined ? `'' as c_${field}` : `cwb_clean(fields[${index + 1}]) as c_${field}`;
  };
  const trueValues = plan.parse.true_values.map((value) => value.toLowerCase());
  const flag = (field: CanonicalField) =>
    plan.columns[field] === undefined ? 'null::boolean' : `(lower(c_${field}) in (${sqlList(trueValues)}))`;
  const either = (patterns: readonly RegExp[]) => patterns.map((pattern) => `(?:${re2(pattern)})`).join('|');
  const months = `MAP {${Object.entries(MONTHS).map(([name, month]) => `${sqlString(name)}: ${month}`).join(', ')}}`;
  const values: Record<string, string> = {
    ws: JS_WHITE_SPACE,
    delim: sqlString(plan.delimiter),
    field_re: `([ \\t]*"(?:[^"]|"")*"|[^${notDelimiter}]*)${d}`,
    header_line: String(plan.header_line),
    header_length: String(plan.header_length),
    cells: CELL_FIELDS.map(cell).join(',\n         '),
    postcode_re: re2(COMPACT_UK_POSTCODE),
    company_prefixes: sqlList([...PREFIXES]),
    vat_uk_re: either(VAT_UK),
    vat_other_re: re2(VAT_OTHER),
    charity_re: either(CHARITY),
    date_numeric_re: re2(NUMERIC),
    date_iso_re: re2(ISO),
    date_named_re: re2(NAMED),
    date_compact_re: re2(COMPACT),
    date_period_re: re2(PERIOD),
    date_serial_re: re2(SERIAL),
    date_order: plan.date_order === null ? 'null::varchar' : sqlString(plan.date_order),
    months,
    total_label_re: re2(TOTAL_LABEL),
    total_label_anywhere_re: re2(new RegExp(TOTAL_LABEL.source.replace(/^\^/, ''), TOTAL_LABEL.flags)),
    decimal_comma: String(plan.parse.decimal_comma),
    sub_penny: plan.parse.sub_penny,
    vendor_code: String(plan.parse.supplier_vendor_code),
    vendor_code_re: re2(VENDOR_CODE),
    vendor_company_re: re2(VENDOR_COMPANY),
    redaction_markers: sqlList(plan.parse.redaction_markers.map((marker) => marker.toLowerCase())),
    redaction_re: either(DEFAULT_REDACTION_PATTERNS).replace(/'/g, "''"),
    placeholders: sqlList(paymentColumnLexicon().placeholders.map((text) => text.toLowerCase())),
    procurement_card_file: String(plan.parse.procurement_card_file),
    flag_is_procurement_card: flag('is_procurement_card'),
    flag_is_vcse_flagged: flag('is_vcse_flagged'),
  };
  const rendered = TEMPLATE.replace(/\{\{(\w+)\}\}/g, (_all, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`ap-fast-path.sql: no value for {{${name}}}`);
    return value;
  });
  return rendered
    .split(/^-- statement: /m)
    .slice(1)
    .map((part) => {
      const newline = part.indexOf('\n');
      return { name: part.slice(0, newline).trim(), sql: part.slice(newline + 1) };
    });
}

/**
 * Whether DuckDB can read a file's lines as they are, without `transcodeLines`: valid UTF-8 (so
 * the Node reader decodes every line as UTF-8), LF or CRLF line ends (no lone carriage return),
 * no 0x01 byte, and no forced encoding. One pass of native buffer searches; returns the line
 * count as the Node reader counts lines, and the encoding as it describes it.
 */
export async function scanLines(path: string, encoding: string | null): Promise<{ direct: boolean; lines: number; encoding: string }> {
  if (encoding !== null) return { direct: false, lines: 0, encoding };
  let lines = 0;
  let carry: Buffer | null = null;
  let first = true;
  let bom = '';
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    const data: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
    if (first) {
      first = false;
      if (data.indexOf(0x0a) === -1 && data.indexOf(0x0d) !== -1) return { direct: false, lines: 0, encoding: 'utf-8' };
      if (data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) bom = ' (BOM)';
      else if (data.subarray(0, 6).toString('latin1') === 'Ã¯Â»Â¿') bom = ' (BOM double-encoded as ï»¿)';
    }
    const end = data.lastIndexOf(0x0a);
    if (end === -1) {
      carry = Buffer.from(data);
      continue;
    }
    const whole = data.subarray(0, end + 1);
    if (!isUtf8(whole) || whole.indexOf(0x01) !== -1) return { direct: false, lines: 0, encoding: 'utf-8' };
    for (let at = whole.indexOf(0x0a); at !== -1; at = whole.indexOf(0x0a, at + 1)) lines += 1;
    for (let at = whole.indexOf(0x0d); at !== -1; at = whole.indexOf(0x0d, at + 1)) {
      if (whole[at + 1] !== 0x0a) return { direct: false, lines: 0, encoding: 'utf-8' };
    }
    carry = end + 1 < data.length ? Buffer.from(data.subarray(end + 1)) : null;
  }
  if (carry && carry.length > 0) {
    // the last line, without a line end (a carriage return at the very end is dropped, as the Node reader does)
    const tail = carry[carry.length - 1] === 0x0d ? carry.subarray(0, -1) : carry;
    if (!isUtf8(tail) || tail.indexOf(0x01) !== -1 || tail.indexOf(0x0d) !== -1) return { direct: false, lines: 0, encoding: 'utf-8' };
    lines += 1;
  }
  return { direct: true, lines, encoding: `utf-8${bom}` };
}

/**
 * Writes a file's physical lines as UTF-8, one per `\n`, decoded exactly as the Node reader
 * decodes them (per line: UTF-8 when valid, else Windows-1252; a forced encoding; the BOM
 * stripped; LF, CRLF or old-Mac CR endings), so DuckDB reads the same text. Returns the encoding
 * as the Node reader describes it, the line count, and the first line holding a carriage return
 * or a 0x01 byte (DuckDB would split or misread it: such a file stays on the Node reader).
 */
export async function transcodeLines(
  path: string,
  encoding: string | null,
  out: string,
): Promise<{ encoding: string; lines: number; unsafe_line: number | null }> {
  const decoder = new LineDecoder(encoding);
  const splitter = new LineSplitter();
  const writer = createWriteStream(out, { encoding: 'utf8' });
  let lines = 0;
  let unsafe: number | null = null;
  let chunk: string[] = [];
  const onLine = (bytes: Buffer) => {
    lines += 1;
    const text = decoder.decode(bytes);
    if (unsafe === null && (text.includes('\r') || text.includes('\u0001'))) unsafe = lines;
    chunk.push(text);
  };
  const flush = async () => {
    if (chunk.length === 0) return;
    const text = `${chunk.join('\n')}\n`;
    chunk = [];
    if (!writer.write(text)) await once(writer, 'drain');
  };
  for await (const data of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    splitter.push(data, onLine);
    await flush();
  }
  splitter.end(onLine);
  await flush();
  writer.end();
  await once(writer, 'finish');
  return { encoding: decoder.describe(), lines, unsafe_line: unsafe };
}
