import { readFile } from 'node:fs/promises';
import { isMappingPath } from '@cwb/contracts';

/** A connector's mappings of one record kind: its own folder, a source's extra folder, a source's pinned file. */
export interface KindMappingSet<M extends { name: string }> {
  /** The connector's mappings, with those of the source's `mappings_dir` (same name: the source's wins). */
  mappings(spec?: { mappings_dir?: string | undefined }): Promise<M[]>;
  /** The mappings to choose from for a source, and the one it pins by name (a pinned file is loaded and added). */
  forSource(spec: { mappings_dir?: string | undefined; mapping?: string | undefined }): Promise<{ available: M[]; pinned: string | null }>;
}

export function kindMappingSet<M extends { name: string }>(
  dir: string,
  loadFolder: (dir: string) => Promise<M[]>,
  parse: (text: string, file: string) => M,
): KindMappingSet<M> {
  let own: Promise<M[]> | null = null;
  const mappings = async (spec?: { mappings_dir?: string | undefined }) => {
    own ??= loadFolder(dir);
    const base = await own;
    if (!spec?.mappings_dir) return base;
    const extra = await loadFolder(spec.mappings_dir);
    const names = new Set(extra.map((mapping) => mapping.name));
    return [...base.filter((mapping) => !names.has(mapping.name)), ...extra];
  };
  return {
    mappings,
    async forSource(spec) {
      const available = await mappings(spec);
      const pinned = spec.mapping ?? null;
      if (!pinned || !isMappingPath(pinned)) return { available, pinned };
      const given = parse(await readFile(pinned, 'utf8'), pinned);
      return { available: [...available.filter((mapping) => mapping.name !== given.name), given], pinned: given.name };
    },
  };
}
