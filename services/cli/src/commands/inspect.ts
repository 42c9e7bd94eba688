import type { Command } from 'commander';
import { writeFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { formatInspectReport, inspectFile, mappingFromLayout, mappingToYaml, type InspectReport } from '@cwb/connector-sdk';
import { transparencySpendConnector } from '@cwb/connector-transparency-spend';

interface InspectOptions {
  mapping?: string;
  dateOrder?: 'dmy' | 'mdy';
  sheet?: string;
  encoding?: string;
  delimiter?: string;
  headerLine?: string;
  rows: string;
  json?: boolean;
  writeMapping?: string;
}

/** `cwb inspect <file>`: encoding, delimiter, header line, mapping, first rows as parsed, problems. */
export function register(program: Command): void {
  program
    .command('inspect')
    .description('show how an AP export is read: encoding, delimiter, header, mapping, first rows and problems')
    .argument('<file>', 'a file, folder, glob or http(s) URL')
    .option('--mapping <name|file>', 'pin the layout with this mapping (a shipped name or a .yaml file) instead of inferring it')
    .option('--write-mapping <file>', 'write the layout as read (inferred roles or the mapping used) as a mapping file to pin or edit')
    .option('--date-order <order>', 'dmy or mdy, when the file does not prove it')
    .option('--sheet <name>', 'XLSX: the sheet to read')
    .option('--encoding <name>', 'force the text encoding')
    .option('--delimiter <char>', 'force the delimiter')
    .option('--header-line <n>', 'the header is on this line (1-based); default: found after any preamble')
    .option('--rows <n>', 'how many parsed rows to show', '5')
    .option('--json', 'print the report as JSON')
    .action(async (file: string, options: InspectOptions) => {
      const connector = transparencySpendConnector;
      const spec = connector.spec.parse({
        path: file,
        ...(options.mapping ? { mapping: options.mapping } : {}),
        ...(options.dateOrder ? { date_order: options.dateOrder } : {}),
        ...(options.sheet ? { sheet: options.sheet } : {}),
        ...(options.encoding ? { encoding: options.encoding } : {}),
        ...(options.delimiter ? { delimiter: options.delimiter === 'tab' ? '\t' : options.delimiter } : {}),
        ...(options.headerLine ? { header_line: Number(options.headerLine) } : {}),
      });
      const rows = Number.parseInt(options.rows, 10);
      if (!Number.isInteger(rows) || rows < 0) throw new Error(`--rows must be a whole number, not "${options.rows}"`);
      const files = await connector.discover(spec);
      if (files.length === 0) throw new Error(`${file}: no files found`);
      if (options.writeMapping && files.length > 1) throw new Error('--write-mapping needs one file, not a folder or glob');
      for (const discovered of files) {
        const report = await inspectFile(connector, discovered, spec, { rows });
        process.stdout.write(`${options.json ? JSON.stringify(report, null, 2) : formatInspectReport(report)}\n`);
        if (report.rejected) process.exitCode = 2;
        else if (options.writeMapping) await writeMappingFile(options.writeMapping, report, spec);
      }
    });
}

/** `--write-mapping`: the inferred roles (or the mapping that was used) as a mapping file. */
async function writeMappingFile(out: string, report: InspectReport, spec: { mappings_dir?: string | undefined }): Promise<void> {
  const stem = basename(report.file, extname(report.file));
  const name = stem.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'my-layout';
  const mapping = report.layout
    ? mappingFromLayout(report.layout, /^[a-z0-9]/.test(name) ? name : `layout-${name}`, basename(report.file))
    : (await transparencySpendConnector.mappings(spec)).find((m) => m.name === report.summary?.mapping);
  if (!mapping) throw new Error(`${report.file}: no layout to write`);
  const comment = [
    `Written by \`cwb inspect ${basename(report.file)} --write-mapping\`.`,
    'Pin it on a source with `mapping: ./<this file>` (a path relative to the config file),',
    'or pass `--mapping <this file>`. Format: packages/connectors/transparency-spend/ADDING-A-CONNECTOR.md.',
  ];
  await writeFile(out, mappingToYaml(mapping, comment));
  process.stderr.write(`wrote mapping "${mapping.name}" to ${out}\n`);
}
