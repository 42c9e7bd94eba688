import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { samplePath } from '@cwb/sample-data';
import { FileRejectedError } from '../connector';
import type { SourceRecord } from '../csv/csv-record-assembler';
import { JsonRecordSource } from './json-record-source';

async function records(path: string): Promise<SourceRecord[]> {
  const out: SourceRecord[] = [];
  for await (const chunk of new JsonRecordSource(path).open()) out.push(...chunk);
  return out;
}

async function file(text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cwb-json-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  const path = join(dir, 'f.json');
  await writeFile(path, text);
  return path;
}

describe('JsonRecordSource', () => {
  it('reads the items of {"grants": [...]} as flattened records, each on the line its object starts', async () => {
    const path = await file('{"meta": {"a": [1]},\n "grants": [\n  {"id": "g1", "amount": 12.5, "org": [{"id": "GB-CHC-1", "name": "A, \\"B\\" ]{"}]},\n  {"id": "g2",\n   "open": true, "x": null}\n ]}\n');
    const [header, ...rows] = await records(path);
    expect(header).toMatchObject({ line: 2, fields: ['id', 'amount', 'org/0/id', 'org/0/name', 'open', 'x'] });
    expect(rows.map((r) => [r.line, r.fields])).toEqual([
      [3, ['g1', '12.5', 'GB-CHC-1', 'A, "B" ]{', '', '']],
      [4, ['g2', '', '', '', 'true', '']],
    ]);
    expect(rows[1]!.raw).toBe('{"id": "g2",\n   "open": true, "x": null}');
  });

  it('places all 555 Trafford grants of the real 360Giving file on their lines', async () => {
    const [header, ...rows] = await records(samplePath('finance/trafford_vcse_grants_2013-2024_360giving.json'));
    expect(rows).toHaveLength(555);
    expect(header!.fields).toContain('recipientOrganization/0/id');
    expect(rows[0]!.line).toBe(3);
    expect(rows.every((r, i) => i === 0 || r.line > rows[i - 1]!.line)).toBe(true);
  });

  it('refuses a file that is not JSON, or holds no array of records', async () => {
    await expect(records(await file('{"grants": [ {"id": 1 ]}'))).rejects.toThrow(FileRejectedError);
    await expect(records(await file('{"a": 1}'))).rejects.toThrow(/no array of records/);
  });
});
