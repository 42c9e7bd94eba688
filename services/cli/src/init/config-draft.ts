import { relative, sep } from 'node:path';
import { foldersToAllow } from '@cwb/config';
import { fileNameKey, guessAnchorType, guessHome, nameWords, type AnchorGuesses, type HomeGuess, type LocalAuthority, type TypeGuess } from './anchor-guesses';
import type { SurveyedExport } from './export-survey';

/** One anchor as `cwb init` proposes it, with why. */
export interface AnchorDraft {
  id: string;
  name: string;
  /** How its files were grouped: a body-name column, a folder or the file names. */
  grouped_by: string;
  type: TypeGuess;
  home: HomeGuess;
  files: SurveyedExport[];
}

function slug(text: string): string {
  return text.toLowerCase().replace(/&/g, ' and ').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 48).replace(/-+$/, '') || 'anchor';
}

const titleCase = (text: string) => text.replace(/\b[a-z]/g, (c) => c.toUpperCase());

function containsRun(haystack: string[], needle: string[]): boolean {
  for (let start = 0; start + needle.length <= haystack.length; start += 1) {
    if (needle.every((w, i) => haystack[start + i] === w)) return true;
  }
  return false;
}

/**
 * Files grouped into anchors: by the body named in the file (its body-name column), else by the
 * subfolder it is in, else by what its file name says (`leeds_2020-06.csv` → leeds). A file with
 * no body name joins the one body-named group whose name contains its folder or file-name words
 * (`leeds_2013.csv` joins "Leeds City Council"). Refused files belong to no anchor.
 */
export function draftAnchors(files: readonly SurveyedExport[], lads: readonly LocalAuthority[], guesses: AnchorGuesses): AnchorDraft[] {
  const groups = new Map<string, { name: string; grouped_by: string; files: SurveyedExport[] }>();
  const add = (key: string, name: string, groupedBy: string, file: SurveyedExport) => {
    const group = groups.get(key) ?? { name, grouped_by: groupedBy, files: [] };
    group.files.push(file);
    groups.set(key, group);
  };
  const readable = files.filter((f) => f.refused === null);
  for (const file of readable) {
    if (file.body) add(`body:${nameWords(file.body.name).join(' ')}`, file.body.name, `the "${file.body.column}" column`, file);
  }
  const bodyGroups = [...groups.entries()];
  for (const file of readable) {
    if (file.body) continue;
    const key = file.folder ? nameWords(file.folder).join(' ') : fileNameKey(file.stem, guesses);
    const joins = bodyGroups.filter(([bodyKey]) => containsRun(bodyKey.slice('body:'.length).split(' '), key.split(' ')));
    if (joins.length === 1 && joins[0]) add(joins[0][0], joins[0][1].name, joins[0][1].grouped_by, file);
    else add(`key:${key}`, titleCase(key), file.folder ? `the folder "${file.folder}"` : 'the file name', file);
  }
  const ids = new Set<string>();
  return [...groups.values()].map((group) => {
    let id = slug(group.name);
    for (let n = 2; ids.has(id); n += 1) id = `${slug(group.name)}-${n}`;
    ids.add(id);
    return {
      id,
      name: group.name,
      grouped_by: group.grouped_by,
      type: guessAnchorType(group.name, guesses),
      home: guessHome(group.name, lads, guesses),
      files: group.files,
    };
  });
}

/** Forward slashes, relative to the config's folder. */
function fromConfig(configDir: string, path: string): string {
  return relative(configDir, path).split(sep).join('/') || '.';
}

/**
 * The source paths of an anchor: its folder's glob when the folder holds only its readable files
 * (so next month's export is picked up), else each file.
 */
export function sourcePaths(anchor: AnchorDraft, all: readonly SurveyedExport[], configDir: string): string[] {
  const folder = anchor.files[0]?.folder ?? null;
  if (folder !== null && anchor.files.every((f) => f.folder === folder)) {
    const inFolder = all.filter((f) => f.folder === folder);
    if (inFolder.every((f) => anchor.files.includes(f))) {
      const base = anchor.files[0]!.path.slice(0, anchor.files[0]!.path.length - anchor.files[0]!.relative.length);
      const extensions = [...new Set(anchor.files.map((f) => f.path.slice(f.path.lastIndexOf('.') + 1).toLowerCase()))];
      const pattern = extensions.length === 1 ? `*.${extensions[0]}` : `*.{${extensions.join(',')}}`;
      return [`${fromConfig(configDir, `${base}${folder}`)}/**/${pattern}`];
    }
  }
  return anchor.files.map((f) => fromConfig(configDir, f.path));
}

const q = (text: string) => JSON.stringify(text);

export interface ConfigText {
  dataDir: string;
  /** The bundled reference files (absolute), written as the config's reference: section. */
  reference: { postcodes: string[]; imd_england: string; wimd: string; areas: string[] };
  exportsDir: string;
}

/** The config as commented YAML: every guess with its evidence, every refused file with its reason. */
export function renderConfig(anchors: readonly AnchorDraft[], all: readonly SurveyedExport[], configDir: string, options: ConfigText): string {
  const lines: string[] = [];
  const at = (p: string) => q(fromConfig(configDir, p));
  const sources = new Map(anchors.map((anchor) => [anchor, sourcePaths(anchor, all, configDir)]));
  const reference = [...options.reference.postcodes, options.reference.imd_england, options.reference.wimd, ...options.reference.areas];
  const outside = foldersToAllow(configDir, [options.dataDir, ...reference, ...[...sources.values()].flat()]);
  lines.push(
    `# cwb configuration written by \`cwb init ${fromConfig(process.cwd(), options.exportsDir)}\` on ${new Date().toISOString().slice(0, 10)}.`,
    '# Every guess below says why it was made: check the anchor names, types and home local',
    '# authorities (GSS codes), then run `cwb run`. Paths are relative to this file.',
    '# Reference: README "The config file"; `cwb inspect <file>` shows how each file is read.',
    'version: 1',
    `data_dir: ${q(options.dataDir)}`,
    ...(outside.length
      ? ['# The folders outside this file\'s folder that the paths below name (any other is refused):', `allow_paths_outside_config: [${outside.map(q).join(', ')}]`]
      : []),
    '',
    '# The bundled reference: real ONS/MHCLG files, but the postcodes cover only some areas (see',
    '# packages/sample-data/SOURCES.md). For real figures list the whole ONSPD here (or run',
    '# `cwb reference load postcodes <ONSPD csv…>`); a change to these files rebuilds the reference.',
    'reference:',
    '  postcodes:',
    ...options.reference.postcodes.map((p) => `    - ${at(p)}`),
    `  imd_england: ${at(options.reference.imd_england)}`,
    `  wimd: ${at(options.reference.wimd)}`,
    '  areas:',
    ...options.reference.areas.map((p) => `    - ${at(p)}`),
    '',
    'anchors:',
  );
  for (const anchor of anchors) {
    lines.push(`  # ${anchor.files.length} file(s), grouped by ${anchor.grouped_by}; type: ${anchor.type.evidence}; home: ${anchor.home.evidence}`);
    lines.push(`  - id: ${anchor.id}`, `    name: ${q(anchor.name)}`, `    type: ${anchor.type.type}`);
    if (anchor.home.lad) {
      lines.push(`    home: { name: ${q(anchor.home.lad.name)}, lad_codes: [${anchor.home.lad.code}] }`);
    } else {
      lines.push(
        '    # TODO: cwb could not tell the home local authority from the name: give its GSS code(s),',
        '    # e.g. { name: Preston, lad_codes: [E07000123] } (ONS codes: `cwb reference places`).',
        '    home: { name: TODO, lad_codes: [] }',
      );
    }
    lines.push('    sources:');
    for (const path of sources.get(anchor) ?? []) lines.push(`      - path: ${q(path)}`);
  }
  if (anchors.length > 0) {
    lines.push(
      '',
      'partnerships:',
      '  - id: all-anchors',
      `    name: ${q('All anchors in this config')}`,
      `    anchors: [${anchors.map((a) => a.id).join(', ')}]`,
    );
  }
  const refused = all.filter((f) => f.refused !== null);
  if (refused.length > 0) {
    lines.push('', '# Files left out: cwb does not read them as payments (check with `cwb inspect <file>`):');
    for (const f of refused) lines.push(`#   ${fromConfig(configDir, f.path)}: ${f.refused}`);
  }
  return `${lines.join('\n')}\n`;
}
