import { basename, extname, relative, sep } from 'node:path';
import { FileRejectedError, recordSourceFor, type DiscoveredFile, type LayoutFacts } from '@cwb/connector-sdk';
import { transparencySpendConnector } from '@cwb/connector-transparency-spend';
import { bodyColumnCandidates, looksLikeBodyName, type AnchorGuesses } from './anchor-guesses';

/** What `cwb init` learns of one export from its head. */
export interface SurveyedExport {
  path: string;
  /** Path below the surveyed folder, with `/`. */
  relative: string;
  /** The first folder below the surveyed one, when the file is in a subfolder. */
  folder: string | null;
  stem: string;
  /** Why the reader refuses the file (not payments, no date…); null when it reads. */
  refused: string | null;
  header: string[];
  /** Inferred roles (null when a shipped mapping fits). */
  layout: LayoutFacts | null;
  mapping: string | null;
  /** The publishing body as its body-name column gives it, with that column. */
  body: { name: string; column: string } | null;
}

const TABULAR = new Set(['.csv', '.tsv', '.txt', '.xlsx']);
const HEAD_RECORDS = 300;

/** The most common name-like value of one column in the records after the header. */
function bodyFromRecords(records: string[][], header: readonly string[], guesses: AnchorGuesses): SurveyedExport['body'] {
  for (const index of bodyColumnCandidates(header, guesses)) {
    const column = header[index] ?? '';
    const headerAt = records.findIndex((fields) => fields[index]?.trim() === column.trim());
    if (headerAt === -1) continue;
    const counts = new Map<string, number>();
    let cells = 0;
    for (const fields of records.slice(headerAt + 1)) {
      const value = fields[index]?.trim() ?? '';
      if (!value) continue;
      cells += 1;
      if (looksLikeBodyName(value)) counts.set(value, (counts.get(value) ?? 0) + 1);
    }
    const [best] = [...counts.entries()].sort((a, b) => b[1] - a[1]);
    if (best && best[1] * 2 > cells) return { name: best[0], column };
  }
  return null;
}

/** The head of the file as raw records (the first sheet of a workbook). */
async function headRecords(path: string): Promise<string[][]> {
  const source = await recordSourceFor(path, {});
  const out: string[][] = [];
  for await (const chunk of source.open()) {
    for (const record of chunk) {
      out.push(record.fields);
      if (out.length >= HEAD_RECORDS) return out;
    }
  }
  return out;
}

/**
 * Reads the head of one export as `cwb run` would (mappings first, then inference) and finds the
 * body that published it. Never throws for a bad file: a file the reader refuses says why.
 */
export async function surveyExport(file: DiscoveredFile, root: string, guesses: AnchorGuesses): Promise<SurveyedExport> {
  const rel = relative(root, file.path).split(sep).join('/');
  const parts = rel.split('/');
  const out: SurveyedExport = {
    path: file.path,
    relative: rel,
    folder: parts.length > 1 ? (parts[0] ?? null) : null,
    stem: basename(file.path, extname(file.path)),
    refused: null,
    header: [],
    layout: null,
    mapping: null,
    body: null,
  };
  const spec = transparencySpendConnector.spec.parse({ path: file.path });
  try {
    for await (const batch of transparencySpendConnector.read(file, spec, { load_id: 'init', anchor_id: 'init', source_file: file.display_path })) {
      out.header = batch.facts.header ?? [];
      out.layout = batch.facts.layout ?? null;
      out.mapping = batch.facts.mapping ?? null;
      break;
    }
  } catch (error) {
    out.refused = error instanceof FileRejectedError ? error.message.replace(`${file.display_path}`, '').replace(/^:\s*/, '') : `cannot be read: ${(error as Error).message}`;
    return out;
  }
  try {
    out.body = bodyFromRecords(await headRecords(file.path), out.header, guesses);
  } catch {
    out.body = null;
  }
  return out;
}

/** Every tabular file below `root` (CSV, TSV, TXT, XLSX), in path order. */
export async function surveyFolder(root: string, guesses: AnchorGuesses, onFile?: (done: number, total: number, file: string) => void): Promise<SurveyedExport[]> {
  const files = (await transparencySpendConnector.discover(transparencySpendConnector.spec.parse({ path: root }))).filter((f) => TABULAR.has(extname(f.path).toLowerCase()));
  const out: SurveyedExport[] = [];
  for (const [i, file] of files.entries()) {
    onFile?.(i, files.length, file.display_path);
    out.push(await surveyExport(file, root, guesses));
  }
  return out;
}

