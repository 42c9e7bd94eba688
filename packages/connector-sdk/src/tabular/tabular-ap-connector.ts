import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import { z } from 'zod';
import type { Connector, DiscoveredFile, ReadBatch, ReadContext } from '../connector';
import { FileRejectedError } from '../connector';
import { defineConnector } from '../define-connector';
import { CsvRecordSource } from '../csv/csv-record-source';
import type { Mapping } from '../mapping/mapping-schema';
import { isMappingPath } from '@cwb/contracts';
import { loadMappingFile, loadMappingFolder } from '../mapping/mapping-files';
import { XlsxRecordSource } from '../xlsx/xlsx-record-source';
import { badRowPolicySchema } from './bad-row-policy';
import { planApRead, readApRecords } from './read-ap-records';
import type { ApReadRoute } from '../fast-path/ap-fast-path';
import { checkTabularFiles, discoverTabularFiles } from './tabular-file-checks';
import type { RecordSource } from './record-source';

/**
 * Config fields every tabular file connector shares (AP payments, HR extracts): where the
 * files are, how to read them, and what to do with bad rows. Connectors extend this shape.
 */
export const tabularFileSpecShape = {
  /** A file, a folder, a glob (`exports/*.csv`) or an http(s) URL. */
  path: z.string().min(1, 'path is required: a file, folder, glob or http(s) URL'),
  /**
   * Pin the layout with this mapping instead of inferring it: a shipped mapping's name, or the
   * path of a mapping file (`.yaml`/`.yml`; relative to the config file in a config).
   */
  mapping: z.string().min(1).optional(),
  /** A folder of extra mapping files (YAML) to choose from, besides the connector's own. */
  mappings_dir: z.string().min(1).optional(),
  /** Day/month order of numeric dates, when the files do not prove it. */
  date_order: z.enum(['dmy', 'mdy']).optional(),
  /** Force an encoding (iconv-lite name, e.g. windows-1252); default: detected. */
  encoding: z.string().min(1).optional(),
  /** Force the delimiter; default: detected. */
  delimiter: z.string().length(1, 'delimiter is a single character').optional(),
  /** The header's line (1-based, as `cwb inspect` reports it); default: found in the first 50 non-blank lines. */
  header_line: z.number().int().min(1, 'header_line counts from 1, as `cwb inspect` reports it').optional(),
  /** XLSX only: the sheet to read; default: the first. */
  sheet: z.string().min(1).optional(),
  on_bad_row: badRowPolicySchema.default('quarantine'),
  /** Records per batch (memory use grows with this). */
  batch_size: z.number().int().min(1).max(100_000).default(5000),
  /** HTTP sources: where downloads are cached between runs. */
  cache_dir: z.string().min(1).optional(),
};

/** Config of every AP file connector built on the SDK's tabular reader. */
export const tabularApSpecSchema = z.object(tabularFileSpecShape).strict();
export type TabularApSpec = z.output<typeof tabularApSpecSchema>;
export type TabularApSpecInput = z.input<typeof tabularApSpecSchema>;

export interface TabularApConnectorOptions {
  name: string;
  /** The connector's own mapping folder. */
  mappings_dir: string;
}

/** Opens a local file as records: XLSX by its zip signature or extension, anything else as delimited text. */
export async function recordSourceFor(path: string, spec: Pick<TabularApSpec, 'encoding' | 'delimiter' | 'sheet'>): Promise<RecordSource> {
  const handle = await open(path, 'r');
  const sniff = Buffer.alloc(TEXT_SNIFF_BYTES);
  let sniffed = 0;
  try {
    ({ bytesRead: sniffed } = await handle.read(sniff, 0, TEXT_SNIFF_BYTES, 0));
  } finally {
    await handle.close();
  }
  const head = sniff.subarray(0, 4);
  const isZip = head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
  if (isZip || extname(path).toLowerCase() === '.xlsx') return new XlsxRecordSource(path, { sheet: spec.sheet ?? null });
  if (head[0] === 0xd0 && head[1] === 0xcf) {
    throw new FileRejectedError(path, 'legacy binary .xls workbook', null, 'a CSV or XLSX file (save the workbook as .xlsx)');
  }
  const utf16 = (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);
  if (utf16 && !spec.encoding) {
    throw new FileRejectedError(path, 'UTF-16 text', null, 'UTF-8 or a single-byte encoding; or set encoding: utf-16le');
  }
  if (!utf16) refuseBinary(path, sniff.subarray(0, sniffed));
  return new CsvRecordSource(path, { encoding: spec.encoding ?? null, delimiter: spec.delimiter ?? null });
}

/** How much of a file is looked at to tell text from binary. */
const TEXT_SNIFF_BYTES = 64 * 1024;

/**
 * Refuses a file that is not text (an image, an archive, an executable named .csv): NUL bytes,
 * or more than 1 in 20 bytes a control character other than tab, line feed, form feed and
 * carriage return. The refusal counts the bytes and never echoes them.
 */
function refuseBinary(path: string, bytes: Buffer): void {
  let nul = 0;
  let control = 0;
  for (const byte of bytes) {
    if (byte === 0) nul += 1;
    else if ((byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d) || byte === 0x7f) control += 1;
  }
  if (nul > 0 || control > bytes.length / 20) {
    throw new FileRejectedError(
      path,
      `not a text table: the first ${bytes.length.toLocaleString('en-GB')} bytes hold ${nul} NUL and ${control} other control bytes (a binary file, not delimited text)`,
      null,
      'a CSV or XLSX export (check the file is the export itself, not an archive or an image)',
    );
  }
}

/**
 * A connector for AP payment files in any tabular layout its mapping files describe:
 * local files, folders and globs or HTTP(S) URLs; CSV (any encoding/delimiter) or XLSX.
 */
export function tabularApConnector(options: TabularApConnectorOptions): Connector<TabularApSpec> & {
  mappings(spec?: Pick<TabularApSpec, 'mappings_dir'>): Promise<Mapping[]>;
  planRead(file: DiscoveredFile, spec: TabularApSpec, ctx: ReadContext): Promise<ApReadRoute>;
} {
  let own: Promise<Mapping[]> | null = null;
  const mappings = async (spec?: Pick<TabularApSpec, 'mappings_dir'>): Promise<Mapping[]> => {
    own ??= loadMappingFolder(options.mappings_dir);
    const base = await own;
    if (!spec?.mappings_dir) return base;
    const extra = await loadMappingFolder(spec.mappings_dir);
    const names = new Set(extra.map((mapping) => mapping.name));
    return [...base.filter((mapping) => !names.has(mapping.name)), ...extra];
  };
  const readOptions = async (spec: TabularApSpec): Promise<Parameters<typeof readApRecords>[1]> => {
    let available = await mappings(spec);
    let pinned = spec.mapping ?? null;
    if (pinned && isMappingPath(pinned)) {
      const own = await loadMappingFile(pinned);
      available = [...available.filter((mapping) => mapping.name !== own.name), own];
      pinned = own.name;
    }
    return { mappings: available, mapping: pinned, date_order: spec.date_order ?? null, header_line: spec.header_line ?? null, on_bad_row: spec.on_bad_row, batch_size: spec.batch_size };
  };
  /** Which reader reads the file (`planApRead`): DuckDB for delimited text whose layout is decided, else row by row. */
  const planRead = async (file: DiscoveredFile, spec: TabularApSpec, ctx: ReadContext): Promise<ApReadRoute> => {
    const records = await recordSourceFor(file.path, spec);
    return planApRead(records, await readOptions(spec), ctx, file.path);
  };
  const connector = defineConnector<TabularApSpec>({
    name: options.name,
    spec: tabularApSpecSchema,
    check: (spec) => checkTabularFiles(spec, async () => (await mappings(spec)).map((m) => m.name)),
    discover: (spec): Promise<DiscoveredFile[]> => discoverTabularFiles(spec),
    async *read(file: DiscoveredFile, spec: TabularApSpec, ctx: ReadContext) {
      const options = await readOptions(spec);
      const records = await recordSourceFor(file.path, spec);
      if (!(records instanceof XlsxRecordSource) || spec.sheet) {
        yield* readApRecords(records, options, ctx);
        return;
      }
      yield* readFirstPaymentsSheet(file.path, records, options, ctx);
    },
  });
  return Object.freeze({ ...connector, mappings, planRead });
}

/**
 * A workbook with no sheet named in the config: its sheets are tried in order (a notes or
 * summary sheet often comes first) and the first whose header reads as payments is read.
 * When none does, the refusal names each sheet and why.
 */
async function* readFirstPaymentsSheet(
  path: string,
  first: XlsxRecordSource,
  options: Parameters<typeof readApRecords>[1],
  ctx: ReadContext,
): AsyncGenerator<ReadBatch> {
  const sheets = await first.sheetNames();
  if (sheets.length <= 1) {
    yield* readApRecords(first, options, ctx);
    return;
  }
  const refusals: string[] = [];
  for (const sheet of sheets) {
    const batches = readApRecords(new XlsxRecordSource(path, { sheet }), options, ctx);
    let head: IteratorResult<ReadBatch>;
    try {
      head = await batches.next();
    } catch (error) {
      if (!(error instanceof FileRejectedError)) throw error;
      refusals.push(`sheet "${sheet}": ${error.reason}`);
      continue;
    }
    if (!head.done) yield { ...head.value, facts: { ...head.value.facts, sheet } };
    for await (const batch of batches) yield { ...batch, facts: { ...batch.facts, sheet } };
    return;
  }
  throw new FileRejectedError(path, `no sheet holds payments (${refusals.join('; ')})`, null, 'a sheet with one row per payment, or `sheet:` set for this source');
}
