import type { Command } from 'commander';
import { formatInspectReport, inspectFile } from '@cwb/connector-sdk';
import { transparencySpendConnector } from '@cwb/connector-transparency-spend';

interface InspectOptions {
  mapping?: string;
  dateOrder?: 'dmy' | 'mdy';
  sheet?: string;
  encoding?: string;
  delimiter?: string;
  rows: string;
  json?: boolean;
}

/** `cwb inspect <file>`: encoding, delimiter, header line, mapping, first rows as parsed, problems. */
export function register(program: Command): void {
  program
    .command('inspect')
    .description('show how an AP export is read: encoding, delimiter, header, mapping, first rows and problems')
    .argument('<file>', 'a file, folder, glob or http(s) URL')
    .option('--mapping <name>', 'use this mapping instead of choosing one from the header')
    .option('--date-order <order>', 'dmy or mdy, when the file does not prove it')
    .option('--sheet <name>', 'XLSX: the sheet to read')
    .option('--encoding <name>', 'force the text encoding')
    .option('--delimiter <char>', 'force the delimiter')
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
      });
      const rows = Number.parseInt(options.rows, 10);
      if (!Number.isInteger(rows) || rows < 0) throw new Error(`--rows must be a whole number, not "${options.rows}"`);
      const files = await connector.discover(spec);
      if (files.length === 0) throw new Error(`${file}: no files found`);
      for (const discovered of files) {
        const report = await inspectFile(connector, discovered, spec, { rows });
        process.stdout.write(`${options.json ? JSON.stringify(report, null, 2) : formatInspectReport(report)}\n`);
        if (report.rejected) process.exitCode = 2;
      }
    });
}
