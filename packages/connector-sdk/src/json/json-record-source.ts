import { readFile, stat } from 'node:fs/promises';
import { FileRejectedError } from '../connector';
import type { SourceRecord } from '../csv/csv-record-assembler';
import type { RecordSource } from '../tabular/record-source';

/** JSON files are parsed whole: larger than this is refused (published 360Giving files are a few MB). */
export const JSON_MAX_BYTES = 256 * 1024 * 1024;
const CHUNK_RECORDS = 1000;

/**
 * A JSON file of objects read as records, so that the tabular reader, mappings and quarantine
 * serve it as they serve CSV: the objects are the items of the top-level array, or of the
 * first array under a top-level key (`{"grants": […]}`). Each object is flattened to
 * path-named fields (`recipientOrganization/0/id`); the header (record on the array's line) is
 * every path in the order first seen. A record's line is the physical line where its object
 * starts; its raw text is the object as written. An item that is not an object is a record
 * with one field holding its text (a mapping will not fit it: it is quarantined, not lost).
 */
export class JsonRecordSource implements RecordSource {
  constructor(private readonly path: string) {}

  describe(): { encoding: string; delimiter: string } {
    return { encoding: 'utf-8', delimiter: 'json' };
  }

  async *open(): AsyncGenerator<SourceRecord[]> {
    const { size } = await stat(this.path);
    if (size > JSON_MAX_BYTES) throw new FileRejectedError(this.path, `JSON file of ${size.toLocaleString('en-GB')} bytes: JSON is parsed whole`, null, `a JSON file under ${JSON_MAX_BYTES / 1024 / 1024} MB, or the data as CSV`);
    const text = (await readFile(this.path, 'utf8')).replace(/^\ufeff/, '');
    const items = itemsOf(text, this.path);
    const flattened = items.map((item) => ({ ...item, fields: flatten(item.value) }));
    const header: string[] = [];
    const seen = new Set<string>();
    for (const item of flattened) {
      for (const key of item.fields.keys()) {
        if (!seen.has(key)) {
          seen.add(key);
          header.push(key);
        }
      }
    }
    yield [{ line: items.arrayLine, fields: header, raw: header.join(',') }];
    for (let start = 0; start < flattened.length; start += CHUNK_RECORDS) {
      yield flattened.slice(start, start + CHUNK_RECORDS).map((item) => ({
        line: item.line,
        fields: item.value !== null && typeof item.value === 'object' && !Array.isArray(item.value) ? header.map((key) => item.fields.get(key) ?? '') : [item.raw],
        raw: item.raw,
      }));
    }
  }
}

interface JsonItem {
  line: number;
  raw: string;
  value: unknown;
}

/** The items of the array of records, each with the line it starts on and its text. */
function itemsOf(text: string, path: string): JsonItem[] & { arrayLine: number } {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new FileRejectedError(path, `not valid JSON: ${(error as Error).message}`, null, 'a JSON array of records, or an object holding one');
  }
  const key = Array.isArray(document) ? null : document !== null && typeof document === 'object' ? Object.keys(document).find((k) => Array.isArray((document as Record<string, unknown>)[k])) : undefined;
  if (key === undefined) throw new FileRejectedError(path, 'no array of records in the JSON', 1, 'a JSON array of records, or an object with one (e.g. {"grants": [...]})');
  const values = (key === null ? document : (document as Record<string, unknown>)[key]) as unknown[];
  // Find where each item starts: walk the text, outside strings, to the records array, then each item at its depth.
  let line = 1;
  let depth = 0;
  let inString = false;
  let lastString = '';
  let stringStart = 0;
  let arrayDepth: number | null = null;
  let arrayLine = 1;
  let itemStart: { offset: number; line: number } | null = null;
  const spans: { offset: number; end: number; line: number }[] = [];
  const close = (end: number) => {
    if (itemStart) spans.push({ offset: itemStart.offset, end, line: itemStart.line });
    itemStart = null;
  };
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 10) line += 1;
    if (inString) {
      if (c === 92) i += 1;
      else if (c === 34) {
        inString = false;
        lastString = text.slice(stringStart + 1, i);
      }
      continue;
    }
    if (arrayDepth !== null && depth === arrayDepth) {
      if (c === 44) {
        close(i);
        continue;
      }
      if (c === 93) {
        close(i);
        break;
      }
      if (c > 32 && itemStart === null) itemStart = { offset: i, line };
    }
    if (c === 34) {
      inString = true;
      stringStart = i;
    } else if (c === 123 || c === 91) {
      if (arrayDepth === null && c === 91 && (key === null ? depth === 0 : depth === 1 && lastString === key)) {
        arrayDepth = depth + 1;
        arrayLine = line;
      }
      depth += 1;
    } else if (c === 125 || c === 93) depth -= 1;
  }
  if (spans.length !== values.length) throw new FileRejectedError(path, `could not place the ${values.length} records of the JSON array on their lines (found ${spans.length})`, arrayLine, 'a JSON array of records');
  const items = values.map((value, index) => {
    const span = spans[index] as { offset: number; end: number; line: number };
    return { line: span.line, raw: text.slice(span.offset, span.end).trim(), value };
  });
  return Object.assign(items, { arrayLine });
}

/** An object's leaves by path (`a/0/b`): strings as they are, numbers and booleans as written, null as blank. */
function flatten(value: unknown, prefix = '', out = new Map<string, string>()): Map<string, string> {
  if (value === null || value === undefined) {
    if (prefix) out.set(prefix, '');
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => flatten(item, prefix ? `${prefix}/${index}` : String(index), out));
  } else if (typeof value === 'object') {
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) flatten(item, prefix ? `${prefix}/${key}` : key, out);
  } else if (prefix) {
    out.set(prefix, String(value));
  }
  return out;
}
