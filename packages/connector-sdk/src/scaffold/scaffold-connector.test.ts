import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { goldenSchema } from '../conformance/golden-file';
import { tabularApConnector } from '../tabular/tabular-ap-connector';
import { scaffoldConnector } from './scaffold-connector';

const root = await mkdtemp(join(tmpdir(), 'cwb-scaffold-'));
afterAll(() => rm(root, { recursive: true, force: true }));

describe('scaffoldConnector', () => {
  it('writes a connector whose mapping reads its fixture to the golden it ships', async () => {
    const result = await scaffoldConnector({ name: 'acme-erp', connectors_dir: root });
    expect(result.files).toEqual([
      'package.json',
      'tsconfig.json',
      'src/index.ts',
      'mappings/acme-erp.yaml',
      'test/fixtures/example.csv',
      'test/conformance.test.ts',
      'test/golden/example.json',
    ]);
    const pkg = JSON.parse(await readFile(join(result.folder, 'package.json'), 'utf8'));
    expect(pkg.name).toBe('@cwb/connector-acme-erp');
    expect(await readFile(join(result.folder, 'src/index.ts'), 'utf8')).toMatch(/export const acmeErpConnector = tabularApConnector/);

    const golden = goldenSchema.parse(JSON.parse(await readFile(join(result.folder, 'test/golden/example.json'), 'utf8')));
    // The fixture by hand: 1250.00 + 310.50 - 120.00 loaded; "not known" is a bad amount.
    expect(golden.summary).toMatchObject({
      rows_read: 4,
      rows_loaded: 3,
      rows_quarantined: 1,
      amount_total: '1440.50',
      credits: 1,
      redacted: 1,
      mapping: 'acme-erp',
      date_min: '2024-04-03',
      date_max: '2024-04-22',
    });
    expect(golden.quarantined.map((entry) => [entry.source_line, entry.reason])).toEqual([[5, 'unparseable amount']]);

    const connector = tabularApConnector({ name: 'acme-erp', mappings_dir: join(result.folder, 'mappings') });
    expect(await connector.check(connector.spec.parse({ path: join(result.folder, 'test/fixtures/example.csv') }))).toEqual({ ok: true });
  });

  it('refuses a bad name or an existing folder, saying why', async () => {
    await expect(scaffoldConnector({ name: 'Acme ERP', connectors_dir: root })).rejects.toThrow(/must be kebab-case/);
    await expect(scaffoldConnector({ name: 'acme-erp', connectors_dir: root })).rejects.toThrow(/already exists/);
  });
});
