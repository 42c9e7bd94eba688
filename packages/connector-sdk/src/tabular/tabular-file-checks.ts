import { isMappingPath } from '@cwb/contracts';
import { loadMappingFile } from '../mapping/mapping-files';
import type { DiscoveredFile } from '../connector';
import { sourceFor } from '../sources/source-for';

interface TabularFileSpec {
  path: string;
  mapping?: string | undefined;
  cache_dir?: string | undefined;
}

/** The files a tabular connector's `path` (file, folder, glob or URL) names. */
export function discoverTabularFiles(spec: TabularFileSpec): Promise<DiscoveredFile[]> {
  return sourceFor(spec.path, { cache_dir: spec.cache_dir }).list();
}

/**
 * The `check` every tabular connector makes: a forced mapping exists, and the path names at
 * least one file. `describeMapping` says what kind of mapping it is in messages.
 */
export async function checkTabularFiles(
  spec: TabularFileSpec,
  mappingNames: () => Promise<string[]>,
  describeMapping = 'mapping',
  /** Loads (and so validates) a pinned mapping file; default: as a payments mapping. */
  loadPinned: (path: string) => Promise<unknown> = loadMappingFile,
): Promise<{ ok: true } | { ok: false; reason: string }> {
  try {
    const names = await mappingNames();
    if (spec.mapping && isMappingPath(spec.mapping)) {
      await loadPinned(spec.mapping);
    } else if (spec.mapping && !names.includes(spec.mapping)) {
      return { ok: false, reason: `unknown ${describeMapping} "${spec.mapping}" (known: ${names.join(', ')})` };
    }
    const files = await discoverTabularFiles(spec);
    if (files.length === 0) return { ok: false, reason: `${spec.path}: no files found` };
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
}
