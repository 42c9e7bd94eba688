import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { dryRunIngest } from './dry-run';

/**
 * A corpus key (`key.json`): per file (path under `files/`), the rows and net total that an
 * independent reading of it got. `peer` says who; a peer that rounded amounts to whole pounds
 * says "rounded", and totals are then compared within £0.50 a row.
 */
export const corpusKeySchema = z.record(
  z.string(),
  z.object({
    rows: z.number().int().nonnegative(),
    total: z.string().regex(/^-?\d+(\.\d+)?$/),
    peer: z.string().default(''),
    source: z.string().optional(),
  }).loose(),
);
export type CorpusKey = z.infer<typeof corpusKeySchema>;

export type CorpusVerdict = 'read' | 'rows differ' | 'total differs' | 'refused';

export interface CorpusFileResult {
  file: string;
  verdict: CorpusVerdict;
  want: { rows: number; total: string };
  got: { rows: number; total: string; quarantined: number; skipped: number; mapping: string | null } | null;
  /** Why it was refused, or what the quarantine held. */
  detail: string;
}

export interface CorpusScore {
  files: CorpusFileResult[];
  read: number;
  share: number;
}

/** Pence from a decimal string, exactly. */
function pence(text: string): bigint {
  const [whole = '0', fraction = ''] = text.replace(/^-/, '').split('.');
  const value = BigInt(whole) * 100n + BigInt((fraction + '00').slice(0, 2));
  return text.startsWith('-') ? -value : value;
}

/**
 * Reads every file of a corpus folder (`files/` + `key.json`) as `cwb ingest --dry-run` would and
 * compares it with the key: read when the rows loaded agree within 0.5% and the total within £1
 * (£0.50 a row against a rounded key).
 */
export async function scoreCorpus(corpus: string, onFile?: (result: CorpusFileResult) => void): Promise<CorpusScore> {
  const keyPath = join(corpus, 'key.json');
  const parsed = corpusKeySchema.safeParse(JSON.parse(await readFile(keyPath, 'utf8')));
  if (!parsed.success) throw new Error(`${keyPath}: not a corpus key: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  const files: CorpusFileResult[] = [];
  for (const [file, want] of Object.entries(parsed.data).sort(([a], [b]) => a.localeCompare(b))) {
    const [result] = await dryRunIngest({ path: join(corpus, 'files', file) });
    const wanted = { rows: want.rows, total: want.total };
    let entry: CorpusFileResult;
    if (!result) {
      entry = { file, verdict: 'refused', want: wanted, got: null, detail: 'file not found' };
    } else if (result.kind === 'rejected') {
      entry = { file, verdict: 'refused', want: wanted, got: null, detail: `${result.rejected.rejected}${result.rejected.line === null ? '' : ` (line ${result.rejected.line})`}` };
    } else {
      const s = result.summary;
      const tolerance = want.peer.includes('rounded') ? 50n * BigInt(want.rows) + 100n : 100n;
      const diff = pence(s.amount_total) - pence(want.total);
      const rowsOk = Math.abs(s.rows_loaded - want.rows) <= want.rows * 0.005;
      const totalOk = (diff < 0n ? -diff : diff) <= tolerance;
      const reasons = Object.entries({ ...s.quarantine_reasons, ...s.skip_reasons }).map(([reason, count]) => `${count} ${reason}`);
      entry = {
        file,
        verdict: rowsOk && totalOk ? 'read' : !rowsOk ? 'rows differ' : 'total differs',
        want: wanted,
        got: { rows: s.rows_loaded, total: s.amount_total, quarantined: s.rows_quarantined, skipped: s.rows_skipped, mapping: s.mapping },
        detail: reasons.join(', '),
      };
    }
    files.push(entry);
    onFile?.(entry);
  }
  const read = files.filter((f) => f.verdict === 'read').length;
  return { files, read, share: files.length === 0 ? 0 : read / files.length };
}
