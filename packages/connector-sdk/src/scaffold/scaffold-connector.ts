import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GoldenBuilder, writeGolden } from '../conformance/golden-file';
import { tabularApConnector } from '../tabular/tabular-ap-connector';

export interface ScaffoldResult {
  folder: string;
  files: string[];
}

const FIXTURE = [
  'Payment Date,Supplier,Net Amount,Cost Centre,Reference',
  '03/04/2024,Example Supplies Ltd,"1,250.00",Highways,INV-1',
  '15/04/2024,REDACTED PERSONAL DATA,310.50,Social Care,INV-2',
  '22/04/2024,Example Supplies Ltd,(120.00),Highways,INV-3',
  '30/04/2024,Example Care CIC,not known,Social Care,INV-4',
  '',
].join('\n');

/**
 * Writes a new connector package, `packages/connectors/<name>`: a mapping file for its layout,
 * a fixture, the golden record of that fixture and a conformance test that passes as generated.
 * The data engineer then edits the mapping and the fixture to match the real export.
 */
export async function scaffoldConnector(options: { name: string; connectors_dir: string }): Promise<ScaffoldResult> {
  const { name } = options;
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) {
    throw new Error(`connector name "${name}" must be kebab-case, e.g. "acme-erp" (lower-case letters, digits, dashes)`);
  }
  const folder = join(options.connectors_dir, name);
  if (await stat(folder).catch(() => null)) {
    throw new Error(`${folder} already exists: choose another name or delete the folder`);
  }
  const identifier = name.replace(/-([a-z0-9])/g, (_all, letter: string) => letter.toUpperCase());
  const files: Record<string, string> = {
    'package.json': `${JSON.stringify(
      {
        name: `@cwb/connector-${name}`,
        version: '0.1.0',
        private: true,
        description: `Connector for ${name} AP exports`,
        type: 'module',
        exports: { '.': './src/index.ts' },
        scripts: { typecheck: 'tsc -p tsconfig.json', lint: 'tsc -p tsconfig.json --noUnusedLocals --noUnusedParameters' },
        dependencies: { '@cwb/connector-sdk': 'workspace:*', '@cwb/contracts': 'workspace:*' },
        devDependencies: { vitest: '4.1.12' },
      },
      null,
      2,
    )}\n`,
    'tsconfig.json': `${JSON.stringify({ extends: '../../../tsconfig.base.json', include: ['src', 'test', '*.ts'] }, null, 2)}\n`,
    'src/index.ts': [
      "import { fileURLToPath } from 'node:url';",
      "import { tabularApConnector } from '@cwb/connector-sdk';",
      '',
      `/** ${name} AP exports, read with the mappings in ../mappings. */`,
      `export const ${identifier}Connector = tabularApConnector({`,
      `  name: '${name}',`,
      "  mappings_dir: fileURLToPath(new URL('../mappings', import.meta.url)),",
      '});',
      '',
    ].join('\n'),
    [`mappings/${name}.yaml`]: [
      `name: ${name}`,
      'description: >-',
      `  ${name} payments export: Payment Date, Supplier, Net Amount, Cost Centre, Reference.`,
      'examples: [test/fixtures/example.csv]',
      'columns:',
      '  payment_date: Payment Date',
      '  amount: Net Amount',
      '  supplier_name: Supplier',
      '  expense_area: Cost Centre',
      '  transaction_ref: Reference',
      'parse:',
      '  date_order: dmy',
      '',
    ].join('\n'),
    'test/fixtures/example.csv': FIXTURE,
    'test/conformance.test.ts': [
      "import { fileURLToPath } from 'node:url';",
      "import { describeConformance } from '@cwb/connector-sdk/conformance';",
      `import { ${identifier}Connector } from '../src/index';`,
      '',
      "const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));",
      '',
      'describeConformance({',
      `  connector: ${identifier}Connector,`,
      "  valid_configs: [{ path: here('./fixtures/example.csv') }],",
      '  invalid_configs: [{ config: {}, problem: /path/ }],',
      "  samples: [{ name: 'example.csv', config: { path: here('./fixtures/example.csv') }, golden: here('./golden/example.json') }],",
      "  bad_row: { config: { path: here('./fixtures/example.csv') }, reason: 'unparseable amount' },",
      '});',
      '',
    ].join('\n'),
  };
  for (const [relative, text] of Object.entries(files)) {
    await mkdir(join(folder, relative, '..'), { recursive: true });
    await writeFile(join(folder, relative), text);
  }
  const written = Object.keys(files);
  // The golden record of the fixture, read by the connector as generated (reviewable JSON).
  const connector = tabularApConnector({ name, mappings_dir: join(folder, 'mappings') });
  const spec = connector.spec.parse({ path: join(folder, 'test/fixtures/example.csv'), batch_size: 500 });
  const builder = new GoldenBuilder();
  const [file] = await connector.discover(spec);
  if (!file) throw new Error('scaffold: the fixture was not written');
  for await (const batch of connector.read(file, spec, { load_id: 'conformance', anchor_id: 'conformance-anchor', source_file: 'example.csv' })) {
    builder.add(batch);
  }
  await writeGolden(join(folder, 'test/golden/example.json'), builder.build('example.csv'));
  written.push('test/golden/example.json');
  return { folder, files: written };
}
