import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { isMappingPath } from '@cwb/contracts';
import type { CwbConfig } from './config-schema';

/** A path the config names, with the key it sits under (as a config error names it). */
interface NamedPath {
  key: string;
  path: string;
}

/** Every file or folder a config names: data directory, reference files, sources, mapping files, re-spend rates. */
function namedPaths(config: CwbConfig, options: { dataDirOverridden: boolean }): NamedPath[] {
  const ref = config.reference;
  const paths: NamedPath[] = [];
  if (!options.dataDirOverridden) paths.push({ key: 'data_dir', path: config.data_dir });
  ref.postcodes.forEach((path, i) => paths.push({ key: `reference.postcodes[${i}]`, path }));
  if (ref.imd_england) paths.push({ key: 'reference.imd_england', path: ref.imd_england });
  if (ref.wimd) paths.push({ key: 'reference.wimd', path: ref.wimd });
  ref.areas.forEach((path, i) => paths.push({ key: `reference.areas[${i}]`, path }));
  if (ref.registers) paths.push({ key: 'reference.registers', path: ref.registers });
  if (ref.supplier_overrides) paths.push({ key: 'reference.supplier_overrides', path: ref.supplier_overrides });
  if (config.indicators.respend_rates) paths.push({ key: 'indicators.respend_rates', path: config.indicators.respend_rates });
  config.anchors.forEach((anchor, a) =>
    anchor.sources.forEach((source, s) => {
      const at = `anchors[${a}].sources[${s}]`;
      paths.push({ key: `${at}.path`, path: source.path });
      if (source.mapping && isMappingPath(source.mapping)) paths.push({ key: `${at}.mapping`, path: source.mapping });
      const folder = source.options.mappings_dir;
      if (typeof folder === 'string') paths.push({ key: `${at}.options.mappings_dir`, path: folder });
    }),
  );
  return paths;
}

const within = (folder: string, path: string) => {
  const rel = relative(folder, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

/** `..` inside a glob's braces (`{a,../b}`) leaves the folder whatever the rest of the path says. */
const BRACED_PARENT = /[{,]\s*\.\.[/\\]/;

/**
 * The config's paths that leave its folder (after `..` and absolute paths are resolved), as
 * config problems: a config names what cwb reads and writes, and one copied from elsewhere
 * must not reach files beside or above it unless it says so. `allow_paths_outside_config`
 * lifts the rule: `true` for any path, or a list of folders (relative to the config file)
 * that paths may also be in. The check is on the path as written; a symbolic link inside the
 * folder is followed like any file.
 */
export function pathsOutsideConfig(config: CwbConfig, configDir: string, options: { dataDirOverridden: boolean }): string[] {
  const allow = config.allow_paths_outside_config;
  if (allow === true) return [];
  const folders = [configDir, ...(allow ?? []).map((folder) => resolve(configDir, folder))];
  const problems: string[] = [];
  for (const { key, path } of namedPaths(config, options)) {
    const absolute = resolve(configDir, path);
    if (!BRACED_PARENT.test(path) && folders.some((folder) => within(folder, absolute))) continue;
    const suggestion = isAbsolute(path) ? folderOf(absolute) : (foldersToAllow(configDir, [path])[0] ?? '..');
    problems.push(
      `${key}: ${JSON.stringify(path)} is outside the config file's folder (${configDir}), so it is refused: ` +
        `move it under that folder, or allow its folder explicitly with \`allow_paths_outside_config: [${JSON.stringify(suggestion)}]\` ` +
        '(folders relative to the config file; `true` allows any path)',
    );
  }
  return problems;
}

/**
 * The folders that `paths` (relative to `configDir`, or absolute) need in
 * `allow_paths_outside_config`, relative to the config file (forward slashes), a folder inside
 * another listed once; none when every path is in the config's folder. `cwb init` writes them.
 */
export function foldersToAllow(configDir: string, paths: readonly string[]): string[] {
  const outside = paths.map((path) => resolve(configDir, path)).filter((absolute) => !within(configDir, absolute));
  const folders = [...new Set(outside.map(folderOf))].sort((a, b) => a.length - b.length);
  const kept: string[] = [];
  for (const folder of folders) if (!kept.some((k) => within(k, folder))) kept.push(folder);
  return kept.map((folder) => relative(configDir, folder).split(sep).join('/'));
}

/** The folder a path or glob sits in: its parent, above any part with glob characters. */
function folderOf(path: string): string {
  let folder = dirname(path);
  while (/[*?[\]{}]/.test(folder) && dirname(folder) !== folder) folder = dirname(folder);
  return folder;
}
