import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '@cwb/config';
import { CsvRecordSource } from '@cwb/connector-sdk';
import { demoConfigPath } from '@cwb/sample-data';
import { anchorGuesses, type LocalAuthority } from '../init/anchor-guesses';
import { draftAnchors, renderConfig } from '../init/config-draft';
import { surveyFolder } from '../init/export-survey';
import { printProgress } from './progress-printer';

interface InitOptions {
  config: string;
  dataDir: string;
  force?: boolean;
}

/** Local-authority codes and names from an ONS LAD names file (`LADyyCD`, `LADyyNM` columns). */
async function readLadNames(file: string): Promise<LocalAuthority[]> {
  const out: LocalAuthority[] = [];
  let code = -1;
  let name = -1;
  for await (const chunk of new CsvRecordSource(file).open()) {
    for (const { fields } of chunk) {
      if (code === -1) {
        code = fields.findIndex((f) => /^LAD\d\dCD$/i.test(f.trim()));
        name = fields.findIndex((f) => /^LAD\d\dNM$/i.test(f.trim()));
        continue;
      }
      const c = fields[code]?.trim();
      const n = fields[name]?.trim();
      if (c && n) out.push({ code: c, name: n });
    }
  }
  return out;
}

/**
 * `cwb init [DIR]`: a commented cwb.config.yaml from a folder of exports. Each file is read as
 * `cwb run` would (mappings, else inferred roles); files are grouped into anchors by the body named
 * in them, their folder or their file name; each anchor's type and home local authority are
 * guessed from its name with the evidence in a comment; the bundled reference is configured.
 */
export function register(program: Command): void {
  program
    .command('init')
    .description('write a commented cwb.config.yaml from a folder of exports (anchors, types and home areas guessed, with evidence)')
    .argument('[dir]', 'the folder of exports (CSV or XLSX; subfolders allowed, e.g. exports/leeds/*.csv)', '.')
    .option('-c, --config <file>', 'the config file to write', 'cwb.config.yaml')
    .option('--data-dir <dir>', "data_dir to write in the config (relative to it)", '.cwb')
    .option('--force', 'overwrite an existing config file')
    .action(async (dir: string, options: InitOptions) => {
      const out = resolve(options.config);
      if (existsSync(out) && !options.force) throw new Error(`${out} exists: pass --force to overwrite it, or --config <other file>`);
      const root = resolve(dir);
      if (!existsSync(root)) throw new Error(`${root}: no such folder (give the folder holding your exports)`);
      const guesses = anchorGuesses();
      const files = await surveyFolder(root, guesses, (done, total, file) => printProgress(`  reading ${done + 1}/${total} ${file}`));
      if (files.length === 0) throw new Error(`${root}: no CSV, TSV, TXT or XLSX files found`);
      const bundled = await loadConfig(demoConfigPath);
      const at = (p: string) => resolve(bundled.configDir, p);
      const ref = bundled.config.reference;
      const ladFile = ref.areas.map(at).find((p) => /lad\d\d_names/i.test(p));
      const lads = ladFile ? await readLadNames(ladFile) : [];
      const anchors = draftAnchors(files, lads, guesses);
      const text = renderConfig(anchors, files, dirname(out), {
        dataDir: options.dataDir,
        exportsDir: root,
        reference: { postcodes: ref.postcodes.map(at), imd_england: at(ref.imd_england ?? ''), wimd: at(ref.wimd ?? ''), areas: ref.areas.map(at) },
      });
      await writeFile(out, text);
      const refused = files.filter((f) => f.refused !== null);
      const todo = anchors.filter((a) => a.home.lad === null);
      const say = (line: string) => process.stdout.write(`${line}\n`);
      say(`wrote ${out}: ${anchors.length} anchor(s) from ${files.length - refused.length} file(s)${refused.length ? `; ${refused.length} file(s) left out (not read as payments, reasons in the file)` : ''}`);
      for (const a of anchors) say(`  ${a.id}: ${a.name} (${a.type.type}, home ${a.home.lad ? `${a.home.lad.name} ${a.home.lad.code}` : 'TODO'}), ${a.files.length} file(s)`);
      if (todo.length) say(`edit the TODO home of ${todo.map((a) => a.id).join(', ')} in ${out}, then: cwb run${options.config === 'cwb.config.yaml' ? '' : ` --config ${options.config}`}`);
      else say(`next: cwb run${options.config === 'cwb.config.yaml' ? '' : ` --config ${options.config}`}`);
    });
}
