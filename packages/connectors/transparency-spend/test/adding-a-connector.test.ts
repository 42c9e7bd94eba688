import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { dryRunIngest } from '../src/index';

/** The worked example in ADDING-A-CONNECTOR.md, run as written (so the document cannot rot). */
const guide = await readFile(fileURLToPath(new URL('../ADDING-A-CONNECTOR.md', import.meta.url)), 'utf8');
const block = (language: string, index = 0) => {
  const blocks = [...guide.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))];
  const found = blocks[index]?.[1];
  if (!found) throw new Error(`ADDING-A-CONNECTOR.md has no ${language} block #${index}`);
  return found;
};
const folder = await mkdtemp(join(tmpdir(), 'cwb-guide-'));
afterAll(() => rm(folder, { recursive: true, force: true }));

describe('ADDING-A-CONNECTOR.md worked example', () => {
  it('is rejected before the mapping exists, then read with it', async () => {
    const csv = join(folder, 'acme-payments.csv');
    await writeFile(csv, block('csv'));
    const [before] = await dryRunIngest({ path: csv });
    expect(before).toMatchObject({ kind: 'rejected', rejected: { rejected: expect.stringMatching(/^no payments mapping fits the header/) } });

    const mappings = join(folder, 'mappings');
    await rm(mappings, { recursive: true, force: true });
    await import('node:fs/promises').then((fs) => fs.mkdir(mappings));
    await writeFile(join(mappings, 'acme-council.yaml'), block('yaml'));
    const [after] = await dryRunIngest({ path: csv, mappings_dir: mappings });
    expect(after).toMatchObject({
      kind: 'read',
      summary: {
        mapping: 'acme-council',
        mapping_reason: 'chose acme-council (6/6 columns) from the header',
        rows_read: 3,
        rows_loaded: 3,
        amount_total: '1440.50',
        credits: 1,
        redacted: 1,
        date_min: '2024-04-03',
        date_max: '2024-04-22',
      },
    });
  });
});
