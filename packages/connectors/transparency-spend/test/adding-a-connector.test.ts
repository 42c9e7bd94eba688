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

const figures = { rows_read: 3, rows_loaded: 3, amount_total: '1440.50', credits: 1, redacted: 1, date_min: '2024-04-03', date_max: '2024-04-22' };

describe('ADDING-A-CONNECTOR.md worked example', () => {
  it('is read with no mapping (roles inferred), then the same with the pinned mapping file', async () => {
    const csv = join(folder, 'acme-payments.csv');
    await writeFile(csv, block('csv'));
    const [inferred] = await dryRunIngest({ path: csv });
    expect(inferred).toMatchObject({ kind: 'read', summary: { mapping: 'inferred', date_order: 'dmy (proved by "15/04/2024" on line 3)', ...figures } });

    const mappingFile = join(folder, 'acme-council.yaml');
    await writeFile(mappingFile, block('yaml'));
    const [pinned] = await dryRunIngest({ path: csv, mapping: mappingFile });
    expect(pinned).toMatchObject({
      kind: 'read',
      summary: { mapping: 'acme-council', mapping_reason: 'mapping acme-council given by the source', date_order: 'dmy (set by mapping acme-council)', ...figures },
    });
  });

  it('the inspect output shown in the guide is what the reader decides', async () => {
    expect(guide).toContain('payment_date = "Payment Date", amount = "Net Amount", supplier_name = "Supplier"');
    const [inferred] = await dryRunIngest({ path: join(folder, 'acme-payments.csv') });
    expect(inferred?.kind === 'read' && inferred.summary.mapping_reason).toBe(
      'roles inferred from the header and values (confidence 0.95): payment_date = "Payment Date", amount = "Net Amount", supplier_name = "Supplier"',
    );
  });
});
