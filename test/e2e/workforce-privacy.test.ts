import { readdir, readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { withRedis } from '@cwb/queue';
import { withDatabase } from '@cwb/warehouse';
import { HR_FIXTURES, runWorkforceRefresh, TEST_HASH_KEY, type WorkforceRun } from './workforce-run';

// Done-when of the workforce issue: after a real run, no employee reference, home postcode,
// name or date of birth from the HR input is anywhere in Redis (every key under the run's
// prefix, every key type) or in the warehouse (every table and view, every column, of the
// warehouse file and of the published snapshot), nor in the staged files of the extract stage.

let run: WorkforceRun;

beforeAll(async () => {
  process.env.CWB_HASH_KEY = TEST_HASH_KEY;
  run = await runWorkforceRefresh(inject('redisUrl'));
});

afterAll(async () => {
  if (run) await rm(dirname(run.loaded.configPath), { recursive: true, force: true });
});

interface Needle {
  what: string;
  pattern: RegExp;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The personal values of both fixtures, read from the files themselves (columns by header), so
 * that every row's reference, postcode (as written, normalised and without its space), names
 * and date of birth is looked for. References are matched as whole tokens.
 */
async function personalValues(): Promise<Needle[]> {
  const needles: Needle[] = [];
  const columns: Record<string, string[]> = {
    reference: ['Employee Reference', 'Employee Number'],
    postcode: ['Home Postcode', 'Postcode'],
    name: ['Full Name', 'Last Name', 'First Name'],
    birth: ['Date of Birth'],
  };
  for (const [file, encoding] of [[HR_FIXTURES.sunderland, 'utf8'], [HR_FIXTURES.london, 'latin1']] as const) {
    const records = csvRecords((await readFile(file, encoding)).replace(/^\ufeff/, ''));
    const headerIndex = records.findIndex((record) => (record[0] ?? '').startsWith('Employee'));
    const header = records[headerIndex] ?? [];
    for (const cells of records.slice(headerIndex + 1)) {
      if (cells.length < header.length || /^total/i.test(cells[0] ?? '')) continue;
      for (const [what, names] of Object.entries(columns)) {
        for (const name of names) {
          const index = header.indexOf(name);
          const value = (cells[index] ?? '').trim();
          if (index === -1 || value === '') continue;
          if (what === 'reference') needles.push({ what, pattern: new RegExp(`(^|[^0-9A-Za-z])${escape(value)}($|[^0-9A-Za-z])`, 'i') });
          else if (what === 'postcode') {
            const compact = value.replace(/\s+/g, '').toUpperCase();
            if (compact.length < 5) continue;
            const spaced = `${compact.slice(0, -3)} ${compact.slice(-3)}`;
            needles.push({ what, pattern: new RegExp(`${escape(compact)}|${escape(spaced)}|${escape(value)}`, 'i') });
          } else if (what === 'name' && value.length >= 4) needles.push({ what, pattern: new RegExp(`\\b${escape(value)}\\b`) });
          else if (what === 'birth') needles.push({ what, pattern: new RegExp(escape(value)) });
        }
      }
    }
  }
  // The secret the references are keyed with must be nowhere either (issue 22: no secret in Redis or the warehouse).
  needles.push({ what: 'secret', pattern: new RegExp(escape(TEST_HASH_KEY)) });
  return needles;
}

/** RFC 4180 records (quoted fields may hold commas, quotes and line breaks). */
function csvRecords(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i += 1;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || record.length > 0) records.push([...record, field]);
  return records;
}

function findings(texts: Iterable<[where: string, text: string]>, needles: Needle[]): string[] {
  const found: string[] = [];
  for (const [where, text] of texts) {
    for (const needle of needles) if (needle.pattern.test(text)) found.push(`${needle.what} ${needle.pattern.source} in ${where}`);
  }
  return found;
}

describe('workforce privacy after a real run', () => {
  it('the needles cover every person in both files', async () => {
    const needles = await personalValues();
    expect(needles.filter((n) => n.what === 'reference').length).toBe(21 + 17);
    expect(needles.filter((n) => n.what === 'postcode').length).toBeGreaterThanOrEqual(30);
    expect(needles.filter((n) => n.what === 'birth').length).toBe(21 + 17);
    expect(needles.filter((n) => n.what === 'secret')).toHaveLength(1);
    expect(run.result.files_loaded).toBe(2);
  });

  it('Redis holds no employee reference, postcode, name or date of birth under the run prefix (all key types)', async () => {
    const needles = await personalValues();
    const texts: [string, string][] = [];
    await withRedis(run.topology, async (redis) => {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${run.topology.prefix}*`, 'COUNT', 500);
        cursor = next;
        for (const key of keys) {
          const type = await redis.type(key);
          let value: unknown;
          if (type === 'string') value = await redis.get(key);
          else if (type === 'hash') value = await redis.hgetall(key);
          else if (type === 'list') value = await redis.lrange(key, 0, -1);
          else if (type === 'set') value = await redis.smembers(key);
          else if (type === 'zset') value = await redis.zrange(key, 0, -1, 'WITHSCORES');
          else if (type === 'stream') value = await redis.xrange(key, '-', '+');
          else throw new Error(`unexpected Redis type ${type} for ${key}`);
          texts.push([`redis ${type} ${key}`, `${key} ${JSON.stringify(value)}`]);
        }
      } while (cursor !== '0');
    });
    // The scan really reads the run's jobs: job payloads name the anchors and files.
    expect(texts.length).toBeGreaterThan(10);
    expect(texts.some(([, text]) => text.includes('south-london-trust') && text.includes('hr-extract'))).toBe(true);
    expect(findings(texts, needles)).toEqual([]);
  });

  it('no warehouse table or view, in the warehouse file or the published snapshot, holds any of them', async () => {
    const needles = await personalValues();
    for (const path of [run.loaded.paths.warehousePath, run.result.snapshot_path]) {
      const texts = await withDatabase(path, { mode: 'read_only' }, async (w) => {
        const relations = await w.all<{ table_schema: string; table_name: string }>(
          `select table_schema, table_name from information_schema.tables where table_catalog = current_database() order by 1, 2`,
        );
        const out: [string, string][] = [];
        for (const { table_schema, table_name } of relations) {
          const { rows } = await w.json(`select * from "${table_schema}"."${table_name}"`);
          out.push([`${path} ${table_schema}.${table_name}`, JSON.stringify(rows)]);
        }
        return out;
      });
      if (path === run.loaded.paths.warehousePath) {
        // The scan covers the workforce tables and they are not empty.
        const raw = texts.find(([where]) => where.endsWith('raw.workforce_records'));
        expect(raw?.[1].length).toBeGreaterThan(1000);
        expect(texts.some(([where]) => where.endsWith('marts.fct_workforce_snapshots'))).toBe(true);
      } else {
        // The snapshot BI tools read has no person-level rows at all, only the suppressed figures.
        expect(texts.some(([where]) => /workforce_records|fct_workforce_snapshots|int_workforce_posts/.test(where))).toBe(false);
        expect(texts.find(([where]) => where.endsWith('metrics.workforce_indicators'))?.[1].length).toBeGreaterThan(1000);
      }
      expect(findings(texts, needles)).toEqual([]);
    }
  });

  it('the staged files of the extract stage are already pseudonymised, quarantined rows included', async () => {
    const needles = await personalValues();
    const texts: [string, string][] = [];
    const walk = async (dir: string): Promise<void> => {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) await walk(path);
        else texts.push([path, await readFile(path, 'utf8')]);
      }
    };
    await walk(run.loaded.paths.stagingDir);
    const rows = texts.filter(([path]) => path.endsWith('rows.ndjson'));
    expect(rows.length).toBe(2);
    expect(texts.some(([path, text]) => path.endsWith('rejected.ndjson') && text.includes('unknown gender code'))).toBe(true);
    expect(findings(texts, needles)).toEqual([]);
  });
});
