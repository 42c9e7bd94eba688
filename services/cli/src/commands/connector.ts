import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Command } from 'commander';
import { scaffoldConnector } from '@cwb/connector-sdk';

/** `cwb connector new <name>`: scaffolds a connector package with a fixture and a passing conformance test. */
export function register(program: Command): void {
  const connector = program.command('connector').description('work with connectors');
  connector
    .command('new')
    .description('scaffold packages/connectors/<name>: a mapping file, a fixture, its golden record and a conformance test')
    .argument('<name>', 'kebab-case connector name, e.g. acme-erp')
    .option('--dir <folder>', 'where connector packages live (default: ./packages/connectors)')
    .action(async (name: string, options: { dir?: string }) => {
      const folder = options.dir ?? join(process.cwd(), 'packages', 'connectors');
      if (!existsSync(folder)) {
        throw new Error(`${folder} does not exist: run from the repository root or pass --dir <folder>`);
      }
      const result = await scaffoldConnector({ name, connectors_dir: folder });
      const shown = relative(process.cwd(), result.folder) || result.folder;
      process.stdout.write(
        [
          `created ${shown}:`,
          ...result.files.map((file) => `  ${file}`),
          '',
          'next: pnpm install; edit the mapping and the fixture for your export; then',
          `  CWB_UPDATE_GOLDEN=1 pnpm vitest run --config test/vitest.config.ts ${shown}   (review the golden diff)`,
          `  pnpm vitest run --config test/vitest.config.ts ${shown}`,
          '',
        ].join('\n'),
      );
    });
}
