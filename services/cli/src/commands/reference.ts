import type { Command } from 'commander';
import {
  ReferenceReader,
  buildReference,
  currentReferencePath,
  readReferencePointer,
  shippedPlaces,
  validatePlaces,
  type BuildReferenceOptions,
} from '@cwb/reference';
import { formatTable } from '../output/table';
import { referenceBuildProgress } from './progress-printer';
import { withDataPathOption } from './common-options';
import { REGISTER_KINDS, loadRegisterFiles, withRegistersOption, type RegisterKind } from './registers-load';

const KINDS = ['postcodes', 'imd', 'wimd', 'areas', ...REGISTER_KINDS] as const;
type Kind = (typeof KINDS)[number];

interface ReferenceDirOptions {
  referenceDir: string;
}

/** --reference-dir, shared by the reference and lookup commands (default: the config's `<data_dir>/reference`). */
export function withReferenceDir(command: Command): Command {
  return withDataPathOption(command, '--reference-dir <dir>', 'referenceDir', 'referenceDir', 'directory holding the versioned reference databases and current.json');
}

/** `cwb reference load|status|places`: build and inspect versioned reference databases. */
export function register(program: Command): void {
  const reference = program.command('reference').description('postcode, deprivation and area reference data (versioned, read-only DuckDB files)');

  withRegistersOption(withReferenceDir(
    reference
      .command('load')
      .description('load reference files into a NEW version (other kinds are carried over from the current one)')
      .argument('<kind>', `what the files are: ${KINDS.join(' | ')}`)
      .argument('<files...>', 'ONSPD/NSPL CSVs (several per-area files load as one), the IoD 2019 File 1 CSV, the WIMD 2019 scores CSV, or ONS area lookups')
      .option('--vintage <label>', 'label for the new version (default: from the postcode file names or data)')
      .option('--mapping <name>', 'for "register": generic | charity-commission | fca-mutuals | nhs-trusts; for "other-names": generic | charity-commission', 'generic'),
  )).action(async (kind: string, files: string[], options: ReferenceDirOptions & { vintage?: string }) => {
    if (!KINDS.includes(kind as Kind)) throw new Error(`unknown reference kind "${kind}": use one of ${KINDS.join(', ')}`);
    if ((REGISTER_KINDS as readonly string[]).includes(kind)) return loadRegisterFiles(kind as RegisterKind, files, options);
    if ((kind === 'imd' || kind === 'wimd') && files.length !== 1) throw new Error(`"${kind}" takes exactly one file, got ${files.length}`);
    const inputs: Partial<BuildReferenceOptions> =
      kind === 'postcodes' ? { postcodeFiles: files }
      : kind === 'imd' ? { imdEnglandFile: files[0] }
      : kind === 'wimd' ? { wimdFile: files[0] }
      : { areaFiles: files };
    const progress = referenceBuildProgress(kind === 'postcodes' ? files : []);
    const built = await buildReference({
      outDir: options.referenceDir,
      ...inputs,
      ...(options.vintage ? { vintage: options.vintage } : {}),
      inheritFromCurrent: true,
      onProgress: progress.onProgress,
    }).finally(() => progress.stop());
    process.stdout.write(
      `${formatTable(['table', 'rows'], Object.entries(built.tables).map(([table, rows]) => ({ table, rows })))}\n` +
        `new version ${built.vintage}: ${built.path} (${(built.elapsedMs / 1000).toFixed(1)} s), now current\n`,
    );
  });

  withReferenceDir(reference.command('status').description('show the current reference version and what it was built from')).action(
    async (options: ReferenceDirOptions) => {
      const pointer = readReferencePointer(options.referenceDir);
      const path = currentReferencePath(options.referenceDir);
      if (!pointer || !path) {
        process.stdout.write(`no reference built in ${options.referenceDir}: run "cwb reference load postcodes <file…>"\n`);
        return;
      }
      process.stdout.write(`current: ${path}\nvintage: ${pointer.vintage}\nbuilt:   ${pointer.built_at}\npostcodes: ${pointer.postcodes}\n`);
    },
  );

  withReferenceDir(reference.command('places').description('list the shipped places and check their codes against the current reference')).action(
    async (options: ReferenceDirOptions) => {
      const path = currentReferencePath(options.referenceDir);
      const issues = path ? await validatePlaces(shippedPlaces, path) : [];
      process.stdout.write(
        `${formatTable(
          ['place', 'kind', 'lads', 'issues'],
          shippedPlaces.map((p) => ({ place: p.name, kind: p.kind, lads: p.lad_codes.length, issues: issues.filter((i) => i.place === p.name).map((i) => i.message).join('; ') })),
        )}\n${path ? `checked against ${path}` : 'not checked: no reference built yet'}\n`,
      );
      if (issues.some((i) => i.severity === 'error')) process.exitCode = 1;
    },
  );
}

/** Open the current reference read-only, or explain how to build one. */
export async function openCurrentReference(referenceDir: string): Promise<ReferenceReader> {
  const path = currentReferencePath(referenceDir);
  if (!path) throw new Error(`no reference built in ${referenceDir}: run "cwb reference load postcodes <file…>" first`);
  return ReferenceReader.open(path);
}
