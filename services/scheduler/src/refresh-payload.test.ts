import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@cwb/config';
import { enrichJobSchema, refreshJobSchema } from '@cwb/contracts';
import { refreshPayload } from './refresh-payload';

const dir = await mkdtemp(join(tmpdir(), 'cwb-refresh-payload-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

const config = (overrides?: string) => `${overrides ? `reference:\n  supplier_overrides: ${overrides}\n` : ''}anchors:
  - id: test-council
    name: Test Council
    type: council
    home: { name: Sunderland, lad_codes: [E08000024] }
    sources:
      - path: ledger.csv
`;

async function payloadFor(overrides?: string) {
  const file = join(dir, 'cwb.config.yaml');
  await writeFile(file, config(overrides));
  return refreshPayload(await loadConfig(file));
}

describe('refreshPayload: reference.supplier_overrides', () => {
  it('carries the overrides file, resolved relative to the config file, or null when none is configured', async () => {
    await writeFile(join(dir, 'overrides.yaml'), 'overrides:\n  - supplier_name: "Mr J Smith"\n    not_an_organisation: true\n');
    expect((await payloadFor('overrides.yaml')).overrides_path).toBe(join(dir, 'overrides.yaml'));
    expect((await payloadFor()).overrides_path).toBeNull();
  });

  it('fails up front, naming the file, when the configured file does not exist', async () => {
    await expect(payloadFor('missing-overrides.yaml')).rejects.toThrow(
      `${join(dir, 'missing-overrides.yaml')}: reference.supplier_overrides: the file does not exist`,
    );
  });

  it('fails up front with file:line when the file is invalid', async () => {
    await writeFile(join(dir, 'bad.yaml'), 'overrides:\n  - supplier_name: "Mr J Smith"\n    not_an_organisation: true\n  - supplier_name: "Acme Ltd"\n    org_id: 12345678\n');
    await expect(payloadFor('bad.yaml')).rejects.toThrow(`${join(dir, 'bad.yaml')}:4: override #2: org_id`);
  });

  it('still parses payloads written before overrides_path existed', async () => {
    const { overrides_path: _none, ...old } = await payloadFor();
    expect(refreshJobSchema.parse(old).overrides_path).toBeNull();
    const enrich = enrichJobSchema.parse({ run_id: 'r1', anchor_id: 'a', source_file_id: 'f', staging_dir: dir, reference_path: null, registers_path: 'r.duckdb' });
    expect(enrich.overrides_path).toBeNull();
  });
});
